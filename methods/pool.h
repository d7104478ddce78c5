// A model pool for selection: finished training runs (or one named snapshot of each) on one
// dataset. Torch-free; selectors load the models themselves (load_member).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/json.h"
#include "datagen/dataset.h"

namespace fb::engine {
class Model;
}

namespace fb::methods {

/// One model of a pool.
struct PoolMember {
  std::string run_dir;  ///< the training run directory
  std::string
      snapshot;  ///< "" = the final model (model.pt), else a snapshot name ("infogan_modified")
  std::string metrics_path;  ///< metrics JSON for supervised selection; "" = <run_dir>/metrics.json
  Json config;               ///< the run's config.json

  /// run_dir, or run_dir@snapshot.
  std::string label() const;
  /// The model file inside the run: "model.pt" or "snapshots/<name>.pt".
  std::string model_file() const;
  /// metrics_path or <run_dir>/metrics.json.
  std::string metrics_file() const;
};

struct Pool {
  std::vector<PoolMember> members;
  std::string dataset;                   ///< the runs' dataset (registry name or file)
  Json dataset_config = Json::object();  ///< its options
};

/// Reads a pool from
///   - a directory: every directory below it holding a config.json is a run (searched recursively,
///   not
///     inside runs), sorted by path;
///   - a text file: one run directory per line (blank lines and '#' comments skipped; relative
///   paths are
///     relative to the file's folder);
///   - a .json file: an array of run directories or of {"run", "snapshot", "metrics"} objects.
/// `snapshot` (non-empty) is used for every member that names none. Throws ConfigError for an empty
/// pool or runs of different datasets (name, options or image geometry), DataError for a missing
/// path, an unreadable run or a missing model file.
Pool read_pool(const std::string& dir_or_list, const std::string& snapshot = "");

/// Loads a member's model on `device` ("cpu", "cuda", ...).
std::unique_ptr<engine::Model> load_member(const PoolMember& member, const std::string& device);

/// Opens the pool's dataset with the options its runs were trained with.
std::unique_ptr<data::Dataset> open_pool_dataset(const Pool& pool);

}  // namespace fb::methods
