#include "reports/status.h"

#include <signal.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <sstream>

#include "core/error.h"
#include "reports/job_record.h"
#include "reports/jobs.h"

namespace fs = std::filesystem;

namespace fb::reports {

namespace {

constexpr const char* kStages[] = {"train", "evaluate", "select", "traverse"};

// A running record written on this machine whose run-job process is gone: the harness was killed (its
// children die with it); the job runs again on the next `reproduce`.
bool stale(const JobRecord& r) {
  if (r.host.empty() || r.host != host_name() || r.pid <= 0) return false;
  return kill(static_cast<pid_t>(r.pid), 0) != 0 && errno == ESRCH;
}

}  // namespace

bool RunStatus::finished() const {
  const StageStatus t = total();
  return t.running == 0 && t.pending == 0;
}

StageStatus RunStatus::total() const {
  StageStatus t;
  t.stage = "all";
  for (const auto& s : stages) {
    t.done += s.done;
    t.running += s.running;
    t.pending += s.pending;
    t.failed += s.failed;
  }
  return t;
}

RunStatus run_status(const std::string& dir) {
  const std::string here = fs::absolute(dir).lexically_normal().string();
  const std::string manifest_path = here + "/manifest.json";
  if (!fs::exists(manifest_path))
    throw DataError(dir + ": no manifest.json (not a `factorbench reproduce` output directory)");
  Manifest m = read_manifest(manifest_path);
  // A copied directory: its files are here now.
  if (!m.out_dir.empty() && m.out_dir != here) rebase_jobs(m.jobs, m.out_dir, here);

  RunStatus s;
  s.out_dir = here;
  s.spec = m.spec.value("name", "");
  s.preset = m.preset.value("name", "");
  s.backend = m.run.value("backend", "");
  s.jobs_at_once = std::max(1, m.run.value("jobs", 1));

  const double now = unix_now();
  std::map<std::string, StageStatus> stages;
  std::map<std::string, double> timed_sum;
  std::map<std::string, std::vector<double>> running_elapsed;
  for (const auto& job : m.jobs) {
    StageStatus& st = stages[job.stage];
    st.stage = job.stage;
    const auto rec = read_job_record(here, job.id);
    if (job_done(job)) {
      ++st.done;
      if (rec && rec->state == "done" && rec->seconds > 0) {
        ++st.timed;
        timed_sum[job.stage] += rec->seconds;
      }
    } else if (rec && rec->state == "running" && !stale(*rec)) {
      ++st.running;
      s.running.push_back(job.id);
      running_elapsed[job.stage].push_back(rec->seconds + std::max(0.0, now - rec->started));
    } else if (rec && rec->state == "failed") {
      ++st.failed;
      s.failed.push_back({job.id, rec->exit_code, rec->attempt,
                          rec->log.empty() ? std::string() : here + "/" + rec->log});
    } else {
      // Not started, interrupted (runs again from its checkpoint), blocked by a job it waits on, or left
      // running by a killed harness.
      ++st.pending;
    }
  }

  double work = 0;
  for (const char* name : kStages) {
    auto it = stages.find(name);
    if (it == stages.end()) continue;
    StageStatus& st = it->second;
    if (st.timed > 0) st.mean_seconds = timed_sum[name] / st.timed;
    if (st.pending + st.running > 0) {
      if (st.timed == 0) {
        s.eta_missing.push_back(name);
      } else {
        work += st.pending * st.mean_seconds;
        for (double e : running_elapsed[name]) work += std::max(0.0, st.mean_seconds - e);
      }
    }
    s.stages.push_back(st);
  }
  const int at_once = s.running.empty() ? s.jobs_at_once : static_cast<int>(s.running.size());
  s.eta_seconds = work / std::max(1, at_once);
  return s;
}

std::string format_duration(double seconds) {
  const long t = std::lround(std::max(0.0, seconds));
  char buf[32];
  if (t < 60)
    std::snprintf(buf, sizeof buf, "%lds", t);
  else if (t < 3600)
    std::snprintf(buf, sizeof buf, "%ldm %02lds", t / 60, t % 60);
  else if (t < 86400)
    std::snprintf(buf, sizeof buf, "%ldh %02ldm", t / 3600, t % 3600 / 60);
  else
    std::snprintf(buf, sizeof buf, "%ldd %02ldh", t / 86400, t % 86400 / 3600);
  return buf;
}

std::string format_status(const RunStatus& s) {
  std::ostringstream o;
  o << s.out_dir << ": spec '" << s.spec << "' at preset '" << s.preset << "'";
  if (!s.backend.empty())
    o << ", " << s.backend << " backend, " << s.jobs_at_once
      << (s.jobs_at_once == 1 ? " job" : " jobs") << " at once";
  o << "\n";
  char line[128];
  std::snprintf(line, sizeof line, "%-9s %6s %8s %8s %7s %10s\n", "stage", "done", "running",
                "pending", "failed", "mean time");
  o << line;
  auto row = [&](const StageStatus& st, bool with_mean) {
    const std::string mean = with_mean && st.timed > 0 ? format_duration(st.mean_seconds) : "-";
    std::snprintf(line, sizeof line, "%-9s %6d %8d %8d %7d %10s\n", st.stage.c_str(), st.done,
                  st.running, st.pending, st.failed, mean.c_str());
    o << line;
  };
  for (const auto& st : s.stages) row(st, true);
  row(s.total(), false);
  const int at_once = s.running.empty() ? s.jobs_at_once : static_cast<int>(s.running.size());
  std::string missing;
  for (const auto& m : s.eta_missing) missing += (missing.empty() ? "" : " or ") + m;
  if (s.finished())
    o << "ETA: nothing left to run";
  else if (s.eta_missing.empty())
    o << "ETA: " << format_duration(s.eta_seconds) << " (finished jobs' mean durations, " << at_once
      << " at once)";
  else if (s.eta_seconds > 0)
    o << "ETA: more than " << format_duration(s.eta_seconds) << " (finished jobs' mean durations, "
      << at_once << " at once; no " << missing << " job has finished yet)";
  else
    o << "ETA: unknown (no " << missing << " job has finished yet)";
  o << "\n";
  for (const auto& f : s.failed)
    o << "failed: " << f.id << " (exit " << f.exit_code << ", " << f.attempts
      << (f.attempts == 1 ? " attempt" : " attempts") << "; log: " << f.log << ")\n";
  return o.str();
}

Json status_json(const RunStatus& s) {
  Json j;
  j["out_dir"] = s.out_dir;
  j["spec"] = s.spec;
  j["preset"] = s.preset;
  j["backend"] = s.backend;
  j["jobs_at_once"] = s.jobs_at_once;
  j["stages"] = Json::array();
  for (const auto& st : s.stages)
    j["stages"].push_back({{"stage", st.stage},
                           {"done", st.done},
                           {"running", st.running},
                           {"pending", st.pending},
                           {"failed", st.failed},
                           {"mean_seconds", st.timed > 0 ? Json(st.mean_seconds) : Json()}});
  const StageStatus t = s.total();
  j["total"] = {
      {"done", t.done}, {"running", t.running}, {"pending", t.pending}, {"failed", t.failed}};
  j["finished"] = s.finished();
  j["eta_seconds"] = s.eta_missing.empty() ? Json(s.finished() ? 0.0 : s.eta_seconds) : Json();
  j["eta_lower_bound_seconds"] = s.eta_seconds;
  j["eta_missing_stages"] = s.eta_missing;
  j["running"] = s.running;
  j["failed"] = Json::array();
  for (const auto& f : s.failed)
    j["failed"].push_back(
        {{"id", f.id}, {"exit_code", f.exit_code}, {"attempts", f.attempts}, {"log", f.log}});
  return j;
}

}  // namespace fb::reports
