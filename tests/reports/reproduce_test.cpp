// End to end: the real factorbench binary reproduces a tiny spec; a re-run trains nothing; a kill -9 in
// the middle followed by a re-run gives the same results as the uninterrupted run; a stop signal to run-job
// checkpoints and the resumed training ends bitwise equal; a failing job is retried once, then reported.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "core/atomic_output.h"
#include "core/stop.h"
#include "engine/device_check.h"
#include "engine/run_dir.h"
#include "engine/trainer.h"
#include "reports/job_record.h"
#include "reports/jobs.h"
#include "reports/status.h"
#include "tests/cli/cli_support.h"
#include "tests/support/temp_dir.h"

namespace fb::reports {
namespace {

namespace fs = std::filesystem;

pid_t start(const std::string& out) {
  pid_t pid = fork();
  if (pid == 0) {
    std::string spec = std::string(FB_TEST_DATA) + "/tiny-spec.json",
                preset = std::string(FB_TEST_DATA) + "/tiny-preset.json";
    std::string log = out + ".log";
    FILE* f = freopen(log.c_str(), "a", stdout);
    (void)f;
    dup2(STDOUT_FILENO, STDERR_FILENO);
    execl(FB_EXE, FB_EXE, "--quiet", "reproduce", spec.c_str(), "--preset", preset.c_str(), "--out",
          out.c_str(), "--jobs", "2", "--threads", "1", static_cast<char*>(nullptr));
    _exit(127);
  }
  return pid;
}

int finish(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// results.csv without the run_dir column (it names the output directory).
std::string metric_lines(const std::string& out) {
  std::string csv = read_file(out + "/results.csv"), result, line;
  for (char c : csv) {
    if (c != '\n') {
      line += c;
      continue;
    }
    std::vector<std::string> cells;
    std::string cell;
    for (char d : line + ",") {
      if (d == ',') {
        cells.push_back(cell);
        cell.clear();
      } else {
        cell += d;
      }
    }
    for (std::size_t i = 0; i < cells.size(); ++i)
      if (i != 3) result += cells[i] + ",";
    result += "\n";
    line.clear();
  }
  return result;
}

fs::file_time_type mtime(const std::string& p) { return fs::last_write_time(p); }

// Starts `factorbench ARGS` with its output to `log`.
pid_t start_exe(const std::vector<std::string>& args, const std::string& log) {
  pid_t pid = fork();
  if (pid == 0) {
    FILE* f = freopen(log.c_str(), "a", stdout);
    (void)f;
    dup2(STDOUT_FILENO, STDERR_FILENO);
    std::vector<char*> argv = {const_cast<char*>(FB_EXE)};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(FB_EXE, argv.data());
    _exit(127);
  }
  return pid;
}

// The tiny spec's jobs in `dir` (manifest written, nothing run).
std::vector<Job> tiny_manifest(const std::string& dir) {
  const Spec spec = load_spec(std::string(FB_TEST_DATA) + "/tiny-spec.json");
  const Preset preset = load_preset(std::string(FB_TEST_DATA) + "/tiny-preset.json");
  auto jobs = expand_jobs(spec, preset, dir);
  write_manifest(dir + "/manifest.json", spec, preset, dir, jobs,
                 {{"backend", "local"}, {"jobs", 1}});
  return jobs;
}

// SIGUSR1 to run-job (what the Slurm script passes on before the time limit) while it trains: the training
// finishes its step, checkpoints and run-job exits 75; run-job again resumes it to the digest of a run that
// was never stopped.
TEST(Reproduce, StopSignalCheckpointsAndTheResumedRunMatches) {
  test::TempDir tmp;
  const std::string id = "train/vae/seed-0";
  tiny_manifest(tmp.file("ref"));
  ASSERT_EQ(
      finish(start_exe({"run-job", tmp.file("ref/manifest.json"), "--id", id, "--threads", "1"},
                       tmp.file("ref.log"))),
      0)
      << read_file(tmp.file("ref.log"));
  const std::string reference = engine::run_digest(tmp.file("ref/runs/vae/seed-0"));

  const std::string dir = tmp.file("stopped");
  tiny_manifest(dir);
  const std::string log = tmp.file("stopped.log");
  const pid_t pid =
      start_exe({"run-job", dir + "/manifest.json", "--id", id, "--threads", "1"}, log);
  // Signal once the training is under way (its first periodic checkpoint, step 20 of 120, exists).
  engine::RunDir run(dir + "/runs/vae/seed-0");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (run.checkpoints().empty() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ASSERT_FALSE(run.checkpoints().empty()) << read_file(log);
  kill(pid, SIGUSR1);
  ASSERT_EQ(finish(pid), kExitResumable) << read_file(log);
  EXPECT_FALSE(fs::exists(run.model_path())) << "the run finished before the signal";
  const std::int64_t stopped_at = run.checkpoints().back().first;
  EXPECT_GT(stopped_at, 0);
  EXPECT_LT(stopped_at, 120);
  const std::string job_log = dir + "/logs/train__vae__seed-0.log";
  EXPECT_NE(read_file(job_log).find("stopped on a signal after step " + std::to_string(stopped_at)),
            std::string::npos)
      << read_file(job_log);
  auto rec = read_job_record(dir, id);
  ASSERT_TRUE(rec.has_value());
  EXPECT_EQ(rec->state, "interrupted");
  EXPECT_EQ(rec->exit_code, kExitResumable);
  EXPECT_EQ(run_status(dir).stages[0].pending, 3);  // runs again: pending, not failed

  ASSERT_EQ(
      finish(start_exe({"run-job", dir + "/manifest.json", "--id", id, "--threads", "1"}, log)), 0)
      << read_file(log);
  EXPECT_NE(read_file(job_log).find("(resumed at " + std::to_string(stopped_at) + ")"),
            std::string::npos)
      << read_file(job_log);
  EXPECT_EQ(engine::run_digest(run.path()), reference);
  rec = read_job_record(dir, id);
  EXPECT_EQ(rec->state, "done");
  EXPECT_EQ(rec->attempt, 2);
}

// run-job --jobs-per-task K (what one Slurm array task runs when packing): K jobs of the list at once, each
// with its own log and record, and the same digest as one job at a time.
TEST(Reproduce, JobsPerTaskRunsJobsAtOnceWithTheSameDigests) {
  test::TempDir tmp;
  for (const char* dir : {"one", "two"}) tiny_manifest(tmp.file(dir));
  write_file_atomic(tmp.file("ids"), "train/vae/seed-1\ntrain/vae/seed-0\n");
  ASSERT_EQ(finish(start_exe({"run-job", tmp.file("one/manifest.json"), "--list", tmp.file("ids"),
                              "--index", "1", "--threads", "1"},
                             tmp.file("one.log"))),
            0)
      << read_file(tmp.file("one.log"));
  EXPECT_FALSE(
      fs::exists(tmp.file("one/runs/vae/seed-1/model.pt")));  // index 1 of K = 1: seed-0 only
  ASSERT_EQ(finish(start_exe({"run-job", tmp.file("two/manifest.json"), "--list", tmp.file("ids"),
                              "--index", "0", "--jobs-per-task", "2", "--threads", "2"},
                             tmp.file("two.log"))),
            0)
      << read_file(tmp.file("two.log"));
  EXPECT_EQ(engine::run_digest(tmp.file("two/runs/vae/seed-0")),
            engine::run_digest(tmp.file("one/runs/vae/seed-0")));
  const auto a = read_job_record(tmp.file("two"), "train/vae/seed-0");
  const auto b = read_job_record(tmp.file("two"), "train/vae/seed-1");
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->state, "done");
  EXPECT_EQ(b->state, "done");
  EXPECT_TRUE(a->started < b->ended && b->started < a->ended) << "the two jobs did not overlap";
  EXPECT_NE(read_file(tmp.file("two/logs/train__vae__seed-1.log")).find("digest"),
            std::string::npos);
}

// A job that fails (here: a config its model refuses, exit 2) runs again once (--retries 1), then is
// reported failed with its log path; the jobs waiting on it are blocked and reproduce exits non-zero.
TEST(Reproduce, AFailingJobIsRetriedOnceThenReportedWithItsLog) {
  test::TempDir tmp;
  Json spec = Json::parse(read_file(std::string(FB_TEST_DATA) + "/tiny-spec.json"));
  spec["rows"] =
      Json::parse(R"([{"id": "bad", "label": "bad", "model": "beta_vae", "config": {"beta": -1},
                                 "runs": 1, "steps": 5}])");
  spec["selections"] = Json::array();
  write_file_atomic(tmp.file("bad-spec.json"), spec.dump());
  const std::string out = tmp.file("out");
  const pid_t pid =
      start_exe({"--quiet", "reproduce", tmp.file("bad-spec.json"), "--preset",
                 std::string(FB_TEST_DATA) + "/tiny-preset.json", "--out", out, "--threads", "1"},
                tmp.file("reproduce.log"));
  EXPECT_EQ(finish(pid), 1);
  const std::string text = read_file(tmp.file("reproduce.log"));
  const std::string job_log = out + "/logs/train__bad__seed-0.log";
  EXPECT_NE(text.find("failed: train/bad/seed-0 (exit 2, 2 attempts; log: " + job_log + ")"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("1 failed, 1 blocked"), std::string::npos) << text;
  // Both attempts wrote to the job's log.
  const std::string lines = read_file(job_log);
  std::size_t refusals = 0;
  for (auto at = lines.find("must be > 0"); at != std::string::npos;
       at = lines.find("must be > 0", at + 1))
    ++refusals;
  EXPECT_EQ(refusals, 2u) << lines;
  const RunStatus s = run_status(out);
  EXPECT_EQ(s.total().failed, 1);
  EXPECT_EQ(s.total().pending, 1);  // its evaluation
  ASSERT_EQ(s.failed.size(), 1u);
  EXPECT_EQ(s.failed[0].attempts, 2);
  EXPECT_EQ(s.failed[0].log, job_log);
}

TEST(Reproduce, CudaOnACpuBuildIsRefusedBeforeAnythingIsWritten) {
  if (engine::cuda_built()) GTEST_SKIP() << "this LibTorch has CUDA";
  test::TempDir tmp;
  for (const char* backend : {"local", "slurm"}) {
    SCOPED_TRACE(backend);
    const std::string out = tmp.file(std::string("out-") + backend);
    auto r = test::run({"reproduce", "infogan-cr", "--preset", "smoke", "--backend", backend,
                        "--device", "cuda", "--out", out});
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(test::lines(r.err), 1) << r.err;
    EXPECT_NE(r.err.find("--device cuda: this factorbench was built against a CPU-only LibTorch"),
              std::string::npos)
        << r.err;
    EXPECT_FALSE(fs::exists(out));
  }
  auto bad =
      test::run({"reproduce", "infogan-cr", "--device", "gpu", "--out", tmp.file("out-gpu")});
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("--device: must be cpu, cuda or cuda:N"), std::string::npos) << bad.err;
  EXPECT_FALSE(fs::exists(tmp.file("out-gpu")));
}

TEST(Reproduce, RunsResumesAndSurvivesKill) {
  test::TempDir tmp;
  const std::string a = tmp.file("a"), b = tmp.file("b");
  ASSERT_EQ(finish(start(a)), 0) << read_file(a + ".log");
  EXPECT_TRUE(fs::exists(a + "/report.html"));
  EXPECT_TRUE(fs::exists(a + "/report.md"));
  const std::string lines = metric_lines(a);
  EXPECT_EQ(std::count(lines.begin(), lines.end(), '\n'), 4) << lines;  // header + 3 runs
  // reproduce ends with the status summary; every job was timed.
  EXPECT_NE(read_file(a + ".log").find("ETA: nothing left to run"), std::string::npos)
      << read_file(a + ".log");
  const RunStatus status = run_status(a);
  ASSERT_EQ(status.stages.size(), 2u);
  for (const auto& st : status.stages) {
    EXPECT_EQ(st.done, 3) << st.stage;
    EXPECT_EQ(st.timed, 3) << st.stage;
    EXPECT_GT(st.mean_seconds, 0) << st.stage;
  }

  // Idempotent: a second run starts no job and rewrites nothing it had.
  const auto model_time = mtime(a + "/runs/vae/seed-0/model.pt");
  const auto metrics_time = mtime(a + "/metrics/vae/seed-1.json");
  ASSERT_EQ(finish(start(a)), 0);
  EXPECT_NE(read_file(a + ".log").find("6 already done, 0 run now"), std::string::npos)
      << read_file(a + ".log");
  EXPECT_EQ(mtime(a + "/runs/vae/seed-0/model.pt"), model_time);
  EXPECT_EQ(mtime(a + "/metrics/vae/seed-1.json"), metrics_time);

  // kill -9 of the harness once some training has checkpointed, then resume.
  pid_t pid = start(b);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  bool checkpointed = false;
  while (!checkpointed && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(b, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
      checkpointed = checkpointed || it->path().filename().string().rfind("step-", 0) == 0;
  }
  ASSERT_TRUE(checkpointed);
  kill(pid, SIGKILL);
  finish(pid);
  EXPECT_FALSE(fs::exists(b + "/results.csv"));
  ASSERT_EQ(finish(start(b)), 0) << read_file(b + ".log");
  EXPECT_EQ(metric_lines(b), lines);
}

}  // namespace
}  // namespace fb::reports
