// Stop requests. SIGUSR1 and SIGTERM (a Slurm time-limit warning, a preemption, a polite kill) ask a long
// computation to stop at its next safe point: training finishes the current optimisation step, writes a
// checkpoint and exits with kExitResumable, and running the same command again continues from there.
#pragma once

#include <atomic>

namespace fb {

/// Exit code of a command that stopped on request after saving its state (sysexits' EX_TEMPFAIL): run it
/// again to continue. The Slurm batch script requeues its array task on it.
constexpr int kExitResumable = 75;

/// Installs handlers for SIGUSR1 and SIGTERM that set stop_flag() (idempotent).
void install_stop_handlers();

/// True once a stop was requested (lock-free, set from the signal handler).
const std::atomic<bool>& stop_flag();

}  // namespace fb
