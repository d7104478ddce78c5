// Each job's record, DIR/state/<job>.json, kept by `run-job` (the process that waits on the job's command,
// so a crash of the command is recorded too). `factorbench status` and reproduce's summary read them. The
// log path is relative to DIR, so a copied directory reads the same.
#pragma once

#include <optional>
#include <string>

namespace fb::reports {

struct JobRecord {
  std::string id;
  std::string stage;
  /// running | done | failed | interrupted (stopped with a checkpoint; runs again) | blocked (a job it waits
  /// on has not finished)
  std::string state;
  int attempt = 1;     ///< starts of this job in this directory, this one included
  double started = 0;  ///< Unix time (s) this attempt started
  double ended = 0;    ///< Unix time it ended; 0 while running
  double seconds = 0;  ///< run time over every finished attempt (interrupted ones included)
  int exit_code = 0;   ///< the command's exit code (128 + signal when a signal ended it)
  std::string host;    ///< where run-job runs
  long pid = 0;     ///< run-job's process (a running record of this host with a dead pid is stale)
  std::string log;  ///< the job's output, relative to DIR
  std::string slurm_task;  ///< "<array job>_<task>" under Slurm, else empty
};

/// DIR/state/<job file name>.json
std::string job_record_path(const std::string& out_dir, const std::string& id);

/// Writes `r` atomically (creates DIR/state).
void write_job_record(const std::string& out_dir, const JobRecord& r);

/// The record of job `id`, or nullopt when it has none (or an unreadable one: a record is advisory).
std::optional<JobRecord> read_job_record(const std::string& out_dir, const std::string& id);

/// Seconds since the Unix epoch (wall clock: records are compared across machines).
double unix_now();

/// This machine's host name.
std::string host_name();

}  // namespace fb::reports
