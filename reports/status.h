// Where a reproduction stands (`factorbench status DIR`, and reproduce's closing summary): per stage the jobs
// done, running, pending and failed, an ETA from the finished jobs' durations, and each failure's log. Read
// from the directory alone (manifest.json, the jobs' outputs, DIR/state records), so it works for both
// backends, while a run goes on, and on a copied directory.
#pragma once

#include <string>
#include <vector>

#include "core/json.h"

namespace fb::reports {

struct StageStatus {
  std::string stage;  ///< train | evaluate | select | traverse
  int done = 0, running = 0, pending = 0, failed = 0;
  int timed = 0;            ///< finished jobs with a recorded duration
  double mean_seconds = 0;  ///< their mean duration (every attempt of a job summed)
};

struct FailedJob {
  std::string id;
  int exit_code = 0;
  int attempts = 0;
  std::string log;  ///< absolute path of its output
};

struct RunStatus {
  std::string out_dir, spec, preset;
  std::string backend;  ///< local | slurm (empty for a directory written before the manifest said)
  int jobs_at_once = 1;
  std::vector<StageStatus> stages;  ///< the stages that have jobs, in running order
  std::vector<FailedJob> failed;
  std::vector<std::string> running;  ///< ids
  /// Seconds left: remaining work (pending jobs at their stage's mean, running ones at the mean less
  /// their elapsed time) over the jobs at once (those running now, else the --jobs given). < 0: unknown.
  double eta_seconds = 0;
  std::vector<std::string>
      eta_missing;  ///< stages with work left but no finished job to time it by
  /// Nothing running or pending.
  bool finished() const;
  StageStatus total() const;
};

/// Reads DIR (manifest.json and what its jobs left). DataError when DIR holds no manifest.
RunStatus run_status(const std::string& out_dir);

/// The summary as text (a table, the ETA, one line per failure).
std::string format_status(const RunStatus& s);

/// The same as JSON (`factorbench status --json`).
Json status_json(const RunStatus& s);

/// "42s", "3m 05s", "2h 10m", "1d 03h".
std::string format_duration(double seconds);

}  // namespace fb::reports
