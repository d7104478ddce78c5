// End to end: the real factorbench binary reproduces a tiny spec; a re-run trains nothing; a kill -9 in
// the middle followed by a re-run gives the same results as the uninterrupted run.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "core/atomic_output.h"
#include "engine/device_check.h"
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
