// Starting a job's own process: the argument vector is built before fork() and the child's set-up after it
// uses only async-signal-safe calls (the parent may be multi-threaded). Shared by the local backend and
// run-job.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace fb::reports {

/// The NULL-terminated argv view of `args` (which must outlive it and stay unchanged).
std::vector<char*> exec_argv(std::vector<std::string>& args);

/// In a freshly forked child: dies with `parent` (SIGKILL when it goes; exits 126 if it is already gone),
/// appends stdout and stderr to `log`, and executes argv[0]; exits 127 if that fails. Never returns.
[[noreturn]] void exec_child(pid_t parent, const char* log, char* const* argv);

}  // namespace fb::reports
