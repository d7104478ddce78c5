// Crash safety: a training process killed with SIGKILL at an arbitrary moment, then resumed, ends
// with parameters bitwise identical to an uninterrupted run. The child is this test binary
// re-executed with
// --gtest_filter=TrainerChild.* and FB_TRAIN_CHILD_DIR set.
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "engine/run_dir.h"
#include "engine/trainer.h"
#include "tests/support/temp_dir.h"
#include "tests/support/toy_dataset.h"

extern char** environ;

namespace fb::engine {
namespace {

constexpr const char* kChildDirVariable = "FB_TRAIN_CHILD_DIR";

TrainOptions child_options(const std::string& out) {
  TrainOptions o;
  o.model = "beta_tcvae";
  o.dataset = "toy";
  o.steps = 40;
  o.batch = 8;
  o.seed = 11;
  o.threads = 1;
  o.sampling = "epochs";
  o.checkpoint_every = 3;
  o.log_every = 1;
  o.out = out;
  return o;
}

const test::ToyDataset& toy() {
  static const test::ToyDataset data({4, 4, 4}, 64, 64, 1);
  return data;
}

TEST(TrainerChild, TrainsIntoTheGivenDirectory) {
  const char* dir = std::getenv(kChildDirVariable);
  if (dir == nullptr) GTEST_SKIP() << "the child half of KillResume; runs only when spawned by it";
  train(child_options(dir), toy());
}

pid_t spawn_child(const std::string& dir) {
  std::string exe = std::filesystem::read_symlink("/proc/self/exe").string();
  std::string filter = "--gtest_filter=TrainerChild.*";
  char* argv[] = {exe.data(), filter.data(), nullptr};
  std::vector<std::string> env_text;
  for (char** e = environ; *e != nullptr; ++e) env_text.emplace_back(*e);
  env_text.push_back(std::string(kChildDirVariable) + "=" + dir);
  std::vector<char*> envp;
  for (auto& s : env_text) envp.push_back(s.data());
  envp.push_back(nullptr);
  pid_t pid = 0;
  EXPECT_EQ(posix_spawn(&pid, exe.c_str(), nullptr, nullptr, argv, envp.data()), 0);
  return pid;
}

std::int64_t newest_checkpoint(const RunDir& run) {
  auto all = run.checkpoints();
  return all.empty() ? 0 : all.back().first;
}

// Kills the child `delay` after it has written `new_checkpoints` checkpoints of its own (0: right
// away). Returns false when the child finished first.
bool kill_after(pid_t pid, const RunDir& run, int new_checkpoints,
                std::chrono::milliseconds delay) {
  const std::int64_t target = newest_checkpoint(run) + 3 * new_checkpoints;  // checkpoint_every = 3
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  int status = 0;
  while (newest_checkpoint(run) < target && std::chrono::steady_clock::now() < deadline) {
    if (waitpid(pid, &status, WNOHANG) == pid) return false;  // finished before the kill
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  std::this_thread::sleep_for(delay);
  kill(pid, SIGKILL);
  waitpid(pid, &status, 0);
  return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
}

TEST(KillResume, KilledRunsResumeToBitwiseIdenticalParameters) {
  test::TempDir tmp;
  const std::string reference = train(child_options(tmp.file("reference")), toy()).digest;

  // Kill moments: while starting (maybe before any checkpoint), and twice mid-run at varying
  // offsets.
  const std::string dir = tmp.file("killed");
  RunDir run(dir);
  int kills = 0;
  kills += kill_after(spawn_child(dir), run, 0, std::chrono::milliseconds(150));
  kills += kill_after(spawn_child(dir), run, 1, std::chrono::milliseconds(7));
  kills += kill_after(spawn_child(dir), run, 2, std::chrono::milliseconds(23));
  EXPECT_GE(kills, 1) << "every child finished before it could be killed";
  auto resumed = train(child_options(dir), toy());
  EXPECT_EQ(resumed.digest, reference);
  EXPECT_EQ(run_digest(dir), reference);
  // The log reads as one run: every step exactly once.
  std::string log = test::slurp(run.log_path());
  EXPECT_EQ(std::count(log.begin(), log.end(), '\n'), 40);
}

}  // namespace
}  // namespace fb::engine
