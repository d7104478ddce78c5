#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <set>

#include "core/error.h"
#include "core/progress.h"
#include "core/threads.h"
#include "reports/backend.h"
#include "reports/child_exec.h"
#include "reports/schedule.h"

namespace fb::reports {

int threads_per_job(const BackendOptions& o) {
  if (o.threads > 0) return o.threads;
  return std::max(1, default_threads() / std::max(1, o.jobs));
}

int threads_for_job(const BackendOptions& o, const Job& job) {
  // ModelCentrality and UDR give the same bytes on any thread count (tests/methods), and the pool's
  // selection is often the run's last job, which would otherwise leave the other cores idle.
  if (o.threads <= 0 && job.stage == "select") return std::max(1, default_threads());
  return threads_per_job(o);
}

namespace {

// Starts `factorbench --quiet run-job MANIFEST --id ID --threads T` with output to `log`.
pid_t spawn(const BackendOptions& o, const std::string& manifest, const Job& job,
            const std::string& log) {
  std::vector<std::string> args = {
      o.executable, "--quiet", "run-job",   manifest,
      "--id",       job.id,    "--threads", std::to_string(threads_for_job(o, job))};
  // Everything the child needs is prepared here: after fork() it may only make async-signal-safe calls.
  std::vector<char*> argv = exec_argv(args);
  const pid_t parent = getpid();
  pid_t pid = fork();
  if (pid < 0) throw Error("cannot start a job process (fork failed)");
  if (pid > 0) return pid;
  exec_child(parent, log.c_str(), argv.data());
}

}  // namespace

BackendSummary run_local(const std::string& manifest_path, const std::vector<Job>& jobs,
                         const BackendOptions& o) {
  BackendSummary summary;
  const std::string logs = std::filesystem::path(manifest_path).parent_path().string() + "/logs";
  std::filesystem::create_directories(logs);

  std::set<std::string> done, failed;
  for (const auto& j : jobs)
    if (job_done(j)) {
      done.insert(j.id);
      ++summary.already_done;
    }
  std::map<pid_t, const Job*> running;
  std::set<std::string> started;
  std::map<std::string, int> attempts;  // failed attempts so far
  Progress progress("reproduce", static_cast<std::int64_t>(jobs.size()), "jobs", o.quiet);
  progress.update(static_cast<std::int64_t>(done.size()));

  auto ready = [&](const Job& j) {
    if (done.count(j.id) || failed.count(j.id) || started.count(j.id)) return false;
    for (const auto& dep : j.after)
      if (!done.count(dep)) return false;
    return true;
  };
  // Longest remaining work first (reports/schedule.h): the trainings a long selection waits on start
  // early, and the run's tail is short.
  const std::vector<std::size_t> order = schedule_order(jobs);
  while (true) {
    for (std::size_t i : order) {
      const Job& j = jobs[i];
      if (static_cast<int>(running.size()) >= std::max(1, o.jobs)) break;
      if (!ready(j)) continue;
      const std::string log = logs + "/" + job_file_name(j.id) + ".log";
      running[spawn(o, manifest_path, j, log)] = &j;
      started.insert(j.id);
    }
    if (running.empty()) break;
    int status = 0;
    pid_t pid = waitpid(-1, &status, 0);
    if (pid < 0) {
      if (errno == EINTR) continue;
      throw Error("lost track of job processes (waitpid failed)");
    }
    auto it = running.find(pid);
    if (it == running.end()) continue;
    const Job& j = *it->second;
    running.erase(it);
    const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    if (code == 0 && job_done(j)) {
      done.insert(j.id);
      ++summary.ran;
    } else if (++attempts[j.id] <= o.retries) {
      started.erase(j.id);  // runs again (a training from its newest checkpoint)
    } else {
      failed.insert(j.id);
      summary.failed.push_back(j.id + " (exit " + std::to_string(code) + ", " +
                               std::to_string(attempts[j.id]) +
                               (attempts[j.id] == 1 ? " attempt" : " attempts") + "; log: " + logs +
                               "/" + job_file_name(j.id) + ".log)");
    }
    progress.update(static_cast<std::int64_t>(done.size() + failed.size()));
  }
  progress.finish();
  for (const auto& j : jobs)
    if (!done.count(j.id) && !failed.count(j.id)) summary.blocked.push_back(j.id);
  return summary;
}

}  // namespace fb::reports
