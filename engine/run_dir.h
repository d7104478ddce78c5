// The layout of one training run's directory:
//   config.json        resolved run configuration (model, its config, data, batch, seed, device,
//   ...) provenance.json    git commit, library versions, seed, device, host, time log.jsonl one
//   JSON object per logged step: step, each loss term, images_per_s checkpoints/ step-<step>.pt,
//   written atomically; the newest two are kept snapshots/         extra named copies a model asks
//   for (e.g. "InfoGAN (modified)") model.pt           the final model
// Torch-free: the CLI and the harness use it to inspect runs.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/json.h"

namespace fb::engine {

class RunDir {
 public:
  /// Refers to `path`; nothing is created until create().
  explicit RunDir(std::string path);

  /// Creates the directory and its checkpoints/ and snapshots/ folders (parents included); removes
  /// stale
  /// *.partial files left by a killed process.
  void create() const;
  const std::string& path() const { return path_; }
  std::string config_path() const { return path_ + "/config.json"; }
  std::string provenance_path() const { return path_ + "/provenance.json"; }
  std::string log_path() const { return path_ + "/log.jsonl"; }
  std::string model_path() const { return path_ + "/model.pt"; }
  std::string checkpoint_dir() const { return path_ + "/checkpoints"; }
  std::string checkpoint_path(std::int64_t step) const;
  /// snapshots/<name>.pt with `name` made file-safe.
  std::string snapshot_path(const std::string& name) const;

  bool has_config() const;
  /// The saved config.json; DataError naming the file when missing or unreadable.
  Json read_config() const;
  /// Complete checkpoints as (step, path), oldest first.
  std::vector<std::pair<std::int64_t, std::string>> checkpoints() const;
  /// Deletes all but the newest `keep` checkpoints.
  void prune_checkpoints(int keep) const;

  /// Appends one line to the log and flushes it.
  void append_log(const Json& line) const;
  /// Drops log lines with "step" > `max_step` (those a killed run logged after its last checkpoint)
  /// and any torn last line, so a resumed run's log reads as one uninterrupted run.
  void truncate_log(std::int64_t max_step) const;

 private:
  std::string path_;
};

}  // namespace fb::engine
