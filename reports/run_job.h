// reports::run_job: one job of a manifest, run in this process by calling the library directly (what
// `factorbench run-job` does in the child process it starts for each job; reports/job_runner.h).
#pragma once

#include <iosfwd>

#include "engine/trainer.h"
#include "reports/job.h"

namespace fb::reports {

struct RunJobContext {
  int threads = 1;    ///< worker threads of the job
  std::ostream* out;  ///< one summary line per job (the job's log)
};

/// Runs `job`: engine::train, engine::train_classifier, engine::evaluate_run, methods::select_models or
/// methods::traversal_grid with the job's typed options. A training job installs the stop handlers
/// (core/stop.h): SIGUSR1 or SIGTERM checkpoint after the current step, and run_job returns kExitResumable;
/// the other kinds keep the default action (their outputs are written atomically, so they start over).
/// Returns 0 when done. Throws fb::Error (ConfigError, DataError, NumericalError) like the library calls.
int run_job(const Job& job, const RunJobContext& context);

/// The line a finished training prints (a train job's log, `factorbench train`):
/// "<out>: N steps (resumed at K), I images/s, digest D".
std::string train_summary(const engine::TrainOptions& options, const engine::TrainResult& result);

}  // namespace fb::reports
