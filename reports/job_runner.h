// Runs jobs of a manifest as child processes of the calling process (what `factorbench run-job` does on
// either backend). Each job's process is `factorbench --quiet run-job MANIFEST --id ID --in-process
// --threads T`, which reads the job back from the manifest and calls reports::run_job (reports/run_job.h)
// on its typed options; its output is appended to DIR/logs/<job>.log, its record kept in DIR/state (reports/job_record.h). SIGUSR1 and SIGTERM received
// meanwhile (a Slurm time-limit warning, a preemption) are passed on as SIGUSR1: training finishes its step,
// checkpoints and exits kExitResumable; the other commands just stop (their outputs are written atomically,
// so they start over cleanly).
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "reports/jobs.h"

namespace fb::reports {

/// Exit code of run-job when a job could not start because a job it waits on has not finished (under Slurm's
/// afterany, a failed training's evaluation): not retried, since running it again cannot help.
constexpr int kExitBlocked = 76;

struct JobRunOptions {
  std::string executable;  ///< the factorbench binary
  std::string manifest;    ///< DIR/manifest.json, which each job's process reads its job from
  std::string out_dir;     ///< DIR, where manifest.json lies
  int threads = 1;         ///< --threads of each job
};

/// Runs `jobs` (ids of `manifest`'s jobs) all at once. Jobs already done are skipped; a job whose `after`
/// is not done is blocked (named, not run). Returns 0 when every job is done, kExitResumable when any
/// stopped on a signal (run again to continue), else the first failure's exit code, else kExitBlocked.
/// Writes one line per event to `out`.
int run_jobs(const std::vector<Job>& manifest, const std::vector<std::string>& jobs,
             const JobRunOptions& o, std::ostream& out);

}  // namespace fb::reports
