#include "reports/job_runner.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <ostream>

#include "core/error.h"
#include "core/stop.h"
#include "reports/child_exec.h"
#include "reports/job_record.h"

namespace fb::reports {

namespace {

// The children a stop signal is passed on to. Written with the stop signals blocked; read by the handler.
constexpr int kMaxChildren = 256;
pid_t g_children[kMaxChildren];
volatile sig_atomic_t g_child_count = 0;
volatile sig_atomic_t g_stop = 0;

void pass_on(int) {
  g_stop = 1;
  for (int i = 0; i < g_child_count; ++i)
    if (g_children[i] > 0) kill(g_children[i], SIGUSR1);
}

// Blocks SIGUSR1 and SIGTERM while alive (the child table changes, a fork happens).
class StopSignalsBlocked {
 public:
  StopSignalsBlocked() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigaddset(&set, SIGTERM);
    sigprocmask(SIG_BLOCK, &set, &old_);
  }
  ~StopSignalsBlocked() { sigprocmask(SIG_SETMASK, &old_, nullptr); }
  const sigset_t& old() const { return old_; }

 private:
  sigset_t old_;
};

void install_pass_on() {
  struct sigaction sa = {};
  sa.sa_handler = pass_on;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  sigaction(SIGUSR1, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

// Starts `factorbench --quiet run-job MANIFEST --id ID --in-process --threads T` with its output appended
// to `log`: a process of its own per job (a crash is recorded, threads and signals are the job's own), which
// runs the manifest's typed job through reports::run_job and parses no option of the job's.
pid_t spawn(const JobRunOptions& o, const Job& job, const std::string& log) {
  std::vector<std::string> args = {
      o.executable,   "--quiet",   "run-job",
      o.manifest,     "--id",      job.id,
      "--in-process", "--threads", std::to_string(std::max(1, o.threads))};
  std::vector<char*> argv = exec_argv(args);
  const pid_t parent = getpid();
  StopSignalsBlocked blocked;
  if (g_stop) return 0;  // a stop came before this job started: leave it for the next run
  pid_t pid = fork();
  if (pid < 0) throw Error("cannot start a job process (fork failed)");
  if (pid == 0) {
    // The command installs its own handlers; until then the defaults stop it.
    signal(SIGUSR1, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    sigprocmask(SIG_SETMASK, &blocked.old(), nullptr);
    exec_child(parent, log.c_str(), argv.data());  // dies with run-job, which dies with the harness
  }
  if (g_child_count < kMaxChildren) g_children[g_child_count++] = pid;
  return pid;
}

void forget(pid_t pid) {
  StopSignalsBlocked blocked;
  int n = g_child_count;
  for (int i = 0; i < n; ++i)
    if (g_children[i] == pid) {
      g_children[i] = g_children[n - 1];
      g_child_count = n - 1;
      break;
    }
}

const Job& find(const std::vector<Job>& all, const std::string& id) {
  for (const auto& j : all)
    if (j.id == id) return j;
  throw ConfigError("no job '" + id + "' in the manifest");
}

}  // namespace

int run_jobs(const std::vector<Job>& manifest, const std::vector<std::string>& ids,
             const JobRunOptions& o, std::ostream& out) {
  namespace fs = std::filesystem;
  fs::create_directories(o.out_dir + "/logs");
  install_pass_on();
  const std::string slurm_job =
      std::getenv("SLURM_ARRAY_JOB_ID") ? std::getenv("SLURM_ARRAY_JOB_ID") : "";
  const std::string slurm_index =
      std::getenv("SLURM_ARRAY_TASK_ID") ? std::getenv("SLURM_ARRAY_TASK_ID") : "";

  int result = 0;
  bool interrupted = false, blocked = false;
  auto fail = [&](int code) {
    if (result == 0) result = code;
  };
  std::map<pid_t, JobRecord> running;
  for (const auto& id : ids) {
    const Job& job = find(manifest, id);
    if (job_done(job)) {
      out << id << ": already done" << std::endl;
      continue;
    }
    std::string missing;
    for (const auto& dep : job.after)
      if (!job_done(find(manifest, dep))) missing = dep;
    const std::string log_name = "logs/" + job_file_name(id) + ".log";
    JobRecord r;
    if (auto previous = read_job_record(o.out_dir, id)) {
      r.attempt = previous->attempt + 1;
      r.seconds = previous->seconds;
    }
    r.id = id;
    r.stage = job.stage;
    r.host = host_name();
    r.pid = getpid();
    r.log = log_name;
    r.started = unix_now();
    if (!slurm_job.empty()) r.slurm_task = slurm_job + "_" + slurm_index;
    if (!missing.empty()) {
      out << id << ": blocked: waits on " << missing << ", which has not finished" << std::endl;
      r.state = "blocked";
      r.exit_code = kExitBlocked;
      r.ended = r.started;
      r.attempt -= 1;  // it did not run
      write_job_record(o.out_dir, r);
      blocked = true;
      continue;
    }
    // Commands refuse to create directories for their outputs; the layout is the harness's to make.
    for (const auto& f : job.outputs) fs::create_directories(fs::path(f).parent_path());
    out << id << ": " << job.kind() << " on " << job.device << std::endl;
    r.state = "running";
    write_job_record(o.out_dir, r);
    const pid_t pid = spawn(o, job, o.out_dir + "/" + log_name);
    if (pid == 0) {
      r.state = "interrupted";
      r.ended = unix_now();
      write_job_record(o.out_dir, r);
      interrupted = true;
      continue;
    }
    running[pid] = r;
  }

  while (!running.empty()) {
    int status = 0;
    const pid_t pid = waitpid(-1, &status, 0);
    if (pid < 0) {
      if (errno == EINTR) continue;
      throw Error("lost track of job processes (waitpid failed)");
    }
    auto it = running.find(pid);
    if (it == running.end()) continue;
    forget(pid);
    JobRecord r = it->second;
    running.erase(it);
    const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    const bool stopped_by_us = g_stop && WIFSIGNALED(status) &&
                               (WTERMSIG(status) == SIGUSR1 || WTERMSIG(status) == SIGTERM);
    r.ended = unix_now();
    r.seconds += r.ended - r.started;
    r.exit_code = code;
    if (code == 0 && job_done(find(manifest, r.id))) {
      r.state = "done";
      out << r.id << ": done" << std::endl;
    } else if (code == kExitResumable || stopped_by_us) {
      r.state = "interrupted";
      interrupted = true;
      out << r.id << ": stopped on a signal; runs again from its checkpoint" << std::endl;
    } else {
      r.state = "failed";
      if (code == 0) r.exit_code = 1;  // finished without writing its outputs
      fail(r.exit_code);
      out << r.id << ": failed (exit " << r.exit_code << "); log: " << o.out_dir << "/" << r.log
          << std::endl;
    }
    write_job_record(o.out_dir, r);
  }
  if (interrupted) return kExitResumable;
  if (result == 0 && blocked) return kExitBlocked;
  return result;
}

}  // namespace fb::reports
