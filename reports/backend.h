// Backends that run a manifest's jobs: local worker processes, or a Slurm job array per stage. Both run
// each job as `factorbench run-job MANIFEST --id ID`, so their results are identical.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "reports/cluster.h"
#include "reports/jobs.h"

namespace fb::reports {

struct BackendOptions {
  std::string executable;  ///< the factorbench binary the jobs run
  int jobs = 1;            ///< jobs at once
  /// threads per job (0: hardware threads / jobs, at least 1; the local backend gives a selection all
  /// hardware threads, since its result does not depend on them and it often runs last, alone)
  int threads = 0;
  bool quiet = false;
  double poll_seconds = 2.0;  ///< Slurm: how often squeue is asked
  /// A job that fails (any exit but done or stopped-with-checkpoint) runs again at most this many times.
  int retries = 1;
  /// Slurm: jobs of one stage run at once inside one array task, its CPUs (or GPU) shared between them.
  int jobs_per_task = 1;
  /// Slurm: per-stage resources (`reproduce --cluster FILE.json`); without one the scripts ask for CPUs only.
  std::optional<ClusterProfile> cluster;
};

struct BackendSummary {
  int already_done = 0;  ///< jobs whose outputs existed before this run (skipped)
  int ran = 0;           ///< jobs run and finished now
  std::vector<std::string>
      failed;  ///< "<id> (exit N, A attempts; log: <path>)" for each failed job
  std::vector<std::string> blocked;  ///< jobs not run because a job they wait on failed
};

/// Runs every job that is not done, respecting `after`, with up to `jobs` child processes. Children die
/// with this process (a kill -9 of the harness stops them too; a re-run resumes from their checkpoints).
BackendSummary run_local(const std::string& manifest_path, const std::vector<Job>& jobs,
                         const BackendOptions& o);

/// Submits one Slurm job array per stage (train, evaluate, select, traverse; each after the previous with
/// afterany) for the jobs that are not done, waits for them with squeue, and reports like run_local.
/// Writes <out>/slurm/<stage>.sbatch, <stage>.ids (the array index -> job id map) and <stage>.job (the
/// array's Slurm job id).
BackendSummary run_slurm(const std::string& manifest_path, const std::string& out_dir,
                         const std::vector<Job>& jobs, const BackendOptions& o);

/// Threads per job for `o` (see BackendOptions::threads).
int threads_per_job(const BackendOptions& o);
/// Threads the local backend gives `job`: threads_per_job, or all hardware threads for a select job
/// when `o.threads` is 0.
int threads_for_job(const BackendOptions& o, const Job& job);

}  // namespace fb::reports
