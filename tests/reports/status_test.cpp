// factorbench status: counts per stage from the jobs' outputs and DIR/state records, the ETA from finished
// jobs' durations, failures with their logs, stale records of a killed harness, a copied directory, and the
// command's text, JSON and --watch.
#include "reports/status.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/atomic_output.h"
#include "reports/job_record.h"
#include "reports/jobs.h"
#include "tests/cli/cli_support.h"
#include "tests/support/temp_dir.h"

namespace fb::reports {
namespace {

namespace fs = std::filesystem;

// The tiny spec's jobs (3 trainings, 3 evaluations) in `dir`, nothing run yet.
std::vector<Job> tiny_reproduction(const std::string& dir, int jobs_at_once = 2) {
  const Spec spec = load_spec(std::string(FB_TEST_DATA) + "/tiny-spec.json");
  const Preset preset = load_preset(std::string(FB_TEST_DATA) + "/tiny-preset.json");
  auto jobs = expand_jobs(spec, preset, dir);
  write_manifest(
      dir + "/manifest.json", spec, preset, dir, jobs,
      {{"backend", "local"}, {"jobs", jobs_at_once}, {"jobs_per_task", 1}, {"retries", 1}});
  return jobs;
}

void finish(const std::string& dir, const Job& job, double seconds) {
  for (const auto& o : job.outputs) {
    fs::create_directories(fs::path(o).parent_path());
    write_file_atomic(o, "x");
  }
  JobRecord r;
  r.id = job.id;
  r.stage = job.stage;
  r.state = "done";
  r.started = unix_now() - seconds;
  r.ended = unix_now();
  r.seconds = seconds;
  r.log = "logs/" + job_file_name(job.id) + ".log";
  write_job_record(dir, r);
}

JobRecord record(const Job& job, const std::string& state) {
  JobRecord r;
  r.id = job.id;
  r.stage = job.stage;
  r.state = state;
  r.host = host_name();
  r.pid = getpid();
  r.started = unix_now();
  r.log = "logs/" + job_file_name(job.id) + ".log";
  return r;
}

const Job& job(const std::vector<Job>& jobs, const std::string& id) {
  for (const auto& j : jobs)
    if (j.id == id) return j;
  throw std::runtime_error("no job " + id);
}

StageStatus stage(const RunStatus& s, const std::string& name) {
  for (const auto& st : s.stages)
    if (st.stage == name) return st;
  ADD_FAILURE() << "no stage " << name;
  return {};
}

// Two trainings done (10 s and 20 s), one running for 5 s, one evaluation failed on its second attempt.
std::vector<Job> half_way(const std::string& dir) {
  auto jobs = tiny_reproduction(dir);
  finish(dir, job(jobs, "train/vae/seed-0"), 10);
  finish(dir, job(jobs, "train/vae/seed-1"), 20);
  JobRecord running = record(job(jobs, "train/beta_vae/seed-0"), "running");
  running.started = unix_now() - 5;
  write_job_record(dir, running);
  JobRecord failed = record(job(jobs, "evaluate/vae/seed-0"), "failed");
  failed.exit_code = 3;
  failed.attempt = 2;
  write_job_record(dir, failed);
  return jobs;
}

TEST(Status, CountsEachStageFromOutputsAndRecords) {
  test::TempDir tmp;
  half_way(tmp.path());
  const RunStatus s = run_status(tmp.path());
  EXPECT_EQ(s.spec, "tiny");
  EXPECT_EQ(s.backend, "local");
  ASSERT_EQ(s.stages.size(), 2u);
  const StageStatus train = stage(s, "train"), eval = stage(s, "evaluate");
  EXPECT_EQ(train.done, 2);
  EXPECT_EQ(train.running, 1);
  EXPECT_EQ(train.pending, 0);
  EXPECT_DOUBLE_EQ(train.mean_seconds, 15);
  EXPECT_EQ(eval.failed, 1);
  EXPECT_EQ(eval.pending, 2);
  EXPECT_EQ(s.running, std::vector<std::string>{"train/beta_vae/seed-0"});
  ASSERT_EQ(s.failed.size(), 1u);
  EXPECT_EQ(s.failed[0].id, "evaluate/vae/seed-0");
  EXPECT_EQ(s.failed[0].attempts, 2);
  EXPECT_EQ(s.failed[0].log, tmp.path() + "/logs/evaluate__vae__seed-0.log");
  EXPECT_FALSE(s.finished());
  // The running training has about 15 - 5 = 10 s left; no evaluation has finished to time the rest.
  EXPECT_NEAR(s.eta_seconds, 10, 0.5);
  EXPECT_EQ(s.eta_missing, std::vector<std::string>{"evaluate"});
  const std::string text = format_status(s);
  EXPECT_NE(text.find("failed: evaluate/vae/seed-0 (exit 3, 2 attempts; log: " + tmp.path() +
                      "/logs/evaluate__vae__seed-0.log)"),
            std::string::npos)
      << text;
  EXPECT_NE(
      text.find("ETA: more than 10s (finished jobs' mean durations, 1 at once; no evaluate job has "
                "finished yet)"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find("train          2        1        0       0        15s"), std::string::npos)
      << text;
}

TEST(Status, EtaIsTheRemainingWorkOverTheJobsAtOnce) {
  test::TempDir tmp;
  auto jobs = tiny_reproduction(tmp.path(), /*jobs_at_once=*/2);
  finish(tmp.path(), job(jobs, "train/vae/seed-0"), 30);
  finish(tmp.path(), job(jobs, "train/vae/seed-1"), 30);
  finish(tmp.path(), job(jobs, "evaluate/vae/seed-0"), 6);
  finish(tmp.path(), job(jobs, "evaluate/vae/seed-1"), 10);
  // Nothing running: one training (30 s) and one evaluation (8 s) left, 2 at once.
  const RunStatus s = run_status(tmp.path());
  EXPECT_TRUE(s.eta_missing.empty());
  EXPECT_NEAR(s.eta_seconds, (30 + 8) / 2.0, 1e-9);
  EXPECT_NE(format_status(s).find("ETA: 19s (finished jobs' mean durations, 2 at once)"),
            std::string::npos)
      << format_status(s);
  finish(tmp.path(), job(jobs, "train/beta_vae/seed-0"), 30);
  finish(tmp.path(), job(jobs, "evaluate/beta_vae/seed-0"), 8);
  const RunStatus done = run_status(tmp.path());
  EXPECT_TRUE(done.finished());
  EXPECT_NE(format_status(done).find("ETA: nothing left to run"), std::string::npos);
}

// A harness killed with -9 takes its jobs with it and leaves their records at "running": on this host a
// record whose process is gone is pending (the next reproduce runs it again).
TEST(Status, ARunningRecordOfADeadProcessIsPending) {
  test::TempDir tmp;
  auto jobs = tiny_reproduction(tmp.path());
  const pid_t dead = fork();
  if (dead == 0) _exit(0);
  waitpid(dead, nullptr, 0);
  JobRecord r = record(job(jobs, "train/vae/seed-0"), "running");
  r.pid = dead;
  write_job_record(tmp.path(), r);
  EXPECT_EQ(stage(run_status(tmp.path()), "train").pending, 3);
  // Another host's record is believed: this machine cannot see its processes.
  r.host = "node-elsewhere";
  write_job_record(tmp.path(), r);
  EXPECT_EQ(stage(run_status(tmp.path()), "train").running, 1);
}

TEST(Status, ACopiedDirectoryReadsTheSame) {
  test::TempDir tmp;
  half_way(tmp.file("run"));
  fs::copy(tmp.file("run"), tmp.file("copy"), fs::copy_options::recursive);
  fs::remove_all(tmp.file("run"));
  const RunStatus s = run_status(tmp.file("copy"));
  EXPECT_EQ(stage(s, "train").done, 2);
  EXPECT_EQ(stage(s, "evaluate").failed, 1);
  ASSERT_EQ(s.failed.size(), 1u);
  EXPECT_EQ(s.failed[0].log, tmp.file("copy") + "/logs/evaluate__vae__seed-0.log");
}

TEST(Status, DurationsReadAtAGlance) {
  EXPECT_EQ(format_duration(0), "0s");
  EXPECT_EQ(format_duration(59.4), "59s");
  EXPECT_EQ(format_duration(185), "3m 05s");
  EXPECT_EQ(format_duration(7800), "2h 10m");
  EXPECT_EQ(format_duration(97200), "1d 03h");
}

TEST(StatusCommand, PrintsTextJsonAndStopsWatchingAFinishedRun) {
  test::TempDir tmp;
  half_way(tmp.path());
  auto text = test::run({"status", tmp.path()});
  EXPECT_EQ(text.code, 0) << text.err;
  EXPECT_NE(text.out.find("failed: evaluate/vae/seed-0"), std::string::npos) << text.out;
  auto json = test::run({"status", tmp.path(), "--json"});
  ASSERT_EQ(json.code, 0) << json.err;
  const Json j = Json::parse(json.out);
  EXPECT_EQ(j["total"]["done"], 2);
  EXPECT_EQ(j["total"]["failed"], 1);
  EXPECT_TRUE(j["eta_seconds"].is_null());  // evaluation not timed yet
  EXPECT_EQ(j["failed"][0]["log"], tmp.path() + "/logs/evaluate__vae__seed-0.log");

  auto jobs = tiny_reproduction(tmp.file("done"));
  for (const auto& jb : jobs) finish(tmp.file("done"), jb, 1);
  auto watch = test::run({"status", tmp.file("done"), "--watch", "--interval", "0.1"});
  EXPECT_EQ(watch.code, 0);
  EXPECT_NE(watch.out.find("ETA: nothing left to run"), std::string::npos) << watch.out;

  auto missing = test::run({"status", tmp.file("nothing-here")});
  EXPECT_EQ(missing.code, 3);
  EXPECT_NE(missing.err.find("no manifest.json"), std::string::npos) << missing.err;
}

}  // namespace
}  // namespace fb::reports
