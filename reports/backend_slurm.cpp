#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <set>
#include <sstream>
#include <thread>

#include "core/atomic_output.h"
#include "core/error.h"
#include "reports/backend.h"
#include "reports/job_record.h"

namespace fb::reports {

namespace {

// Runs a shell command and returns its stdout; throws naming the command when it fails.
std::string capture(const std::string& cmd) {
  std::array<char, 4096> buf{};
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) throw Error("cannot run: " + cmd);
  while (std::fgets(buf.data(), buf.size(), p)) out += buf.data();
  int rc = pclose(p);
  if (rc != 0)
    throw DataError("slurm: `" + cmd + "` failed (exit " + std::to_string(WEXITSTATUS(rc)) +
                    "); is Slurm running and sbatch on PATH?");
  return out;
}

std::string quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

}  // namespace

BackendSummary run_slurm(const std::string& manifest_path, const std::string& out_dir,
                         const std::vector<Job>& jobs, const BackendOptions& o) {
  BackendSummary summary;
  const std::string dir = out_dir + "/slurm", logs = out_dir + "/logs";
  std::filesystem::create_directories(dir);
  std::filesystem::create_directories(logs);
  const int threads = threads_per_job(o);

  std::vector<std::string> submitted;
  std::string previous;
  for (const char* stage : {"train", "evaluate", "select", "traverse"}) {
    std::vector<const Job*> pending;
    for (const auto& j : jobs) {
      if (j.stage != stage) continue;
      if (job_done(j))
        ++summary.already_done;
      else
        pending.push_back(&j);
    }
    if (pending.empty()) continue;
    // Slurm starts an array's tasks by index: the costliest jobs first, so the stage's tail is short.
    // By the job's own cost only: unlike reports/schedule.h's local order, the work of later stages
    // waiting on a job is not counted (a stage's array is submitted whole, after the previous one).
    std::stable_sort(pending.begin(), pending.end(),
                     [](const Job* a, const Job* b) { return a->cost > b->cost; });
    std::string ids;
    for (const auto* j : pending) ids += j->id + "\n";
    const std::string ids_file = dir + "/" + stage + ".ids";
    write_file_atomic(ids_file, ids);
    SbatchScript script;
    script.stage = stage;
    script.tasks = pending.size();
    script.max_running = o.jobs;
    script.executable = o.executable;
    script.manifest = manifest_path;
    script.ids_file = ids_file;
    script.logs = logs;
    script.jobs_per_task = o.jobs_per_task;
    script.retries = o.retries;
    // Retries are counted per submission: a new `reproduce` gives every failed job its retries again.
    script.retry_dir = dir + "/retries/" + stage;
    std::filesystem::remove_all(script.retry_dir);
    std::filesystem::create_directories(script.retry_dir);
    std::optional<SlurmResources> resources;
    if (o.cluster) resources = o.cluster->resources(stage);
    script.resources = resources ? &*resources : nullptr;
    // A profile's CPUs per task are the job's threads unless --threads says otherwise.
    script.threads = o.threads <= 0 && resources && resources->cpus_per_task > 0
                         ? static_cast<int>(resources->cpus_per_task)
                         : threads;
    const std::string script_file = dir + "/" + stage + ".sbatch";
    write_file_atomic(script_file, sbatch_script(script));
    std::string cmd = "sbatch --parsable";
    // afterany: a failed training must not cancel the others' evaluations; run-job reports what is missing.
    if (!previous.empty()) cmd += " --dependency=afterany:" + previous;
    cmd += " " + quote(script_file);
    std::string id = capture(cmd);
    id = id.substr(0, id.find_first_of(";\n"));
    if (id.empty()) throw DataError("slurm: sbatch printed no job id for " + script_file);
    write_file_atomic(dir + "/" + stage + ".job", id + "\n");  // for scontrol/sacct by hand
    submitted.push_back(id);
    previous = id;
  }

  // Wait until none of the arrays is queued or running.
  if (!submitted.empty()) {
    std::string list;
    for (const auto& s : submitted) list += (list.empty() ? "" : ",") + s;
    while (!capture("squeue -h -j " + list + " -o %i 2>/dev/null || true").empty())
      std::this_thread::sleep_for(std::chrono::duration<double>(o.poll_seconds));
  }
  // What each job's run-job recorded: failures with their logs; a job without a record never ran (its
  // task could not start, or a job it waits on failed).
  for (const auto& j : jobs) {
    if (job_done(j)) continue;
    const auto rec = read_job_record(out_dir, j.id);
    if (rec && rec->state == "failed")
      summary.failed.push_back(j.id + " (exit " + std::to_string(rec->exit_code) + ", " +
                               std::to_string(rec->attempt) +
                               (rec->attempt == 1 ? " attempt" : " attempts") +
                               "; log: " + out_dir + "/" + rec->log + ")");
    else
      summary.blocked.push_back(j.id + " (see " + logs + "/slurm-" + j.stage + "-*.log)");
  }
  summary.ran = static_cast<int>(jobs.size()) - summary.already_done -
                static_cast<int>(summary.failed.size()) - static_cast<int>(summary.blocked.size());
  return summary;
}

}  // namespace fb::reports
