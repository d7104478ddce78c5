#include "reports/child_exec.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace fb::reports {
namespace {

// Forks, runs exec_child with `args`, and returns the child's exit status.
int run_child(std::vector<std::string> args, const std::string& log) {
  std::vector<char*> argv = exec_argv(args);
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid == 0) exec_child(parent, log.c_str(), argv.data());
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string read_all(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(ChildExec, ArgvIsNullTerminatedViewOfTheArguments) {
  std::vector<std::string> args{"/bin/echo", "a", "b"};
  const std::vector<char*> argv = exec_argv(args);
  ASSERT_EQ(argv.size(), 4u);
  EXPECT_STREQ(argv[2], "b");
  EXPECT_EQ(argv[3], nullptr);
}

TEST(ChildExec, AppendsBothStreamsToTheLogAndReturnsTheExitCode) {
  const std::string log = testing::TempDir() + "/child_exec_test.log";
  std::filesystem::remove(log);
  std::ofstream(log) << "before\n";
  EXPECT_EQ(run_child({"/bin/sh", "-c", "echo out; echo err >&2; exit 3"}, log), 3);
  EXPECT_EQ(read_all(log), "before\nout\nerr\n");
}

TEST(ChildExec, AMissingExecutableExits127) {
  const std::string log = testing::TempDir() + "/child_exec_missing.log";
  EXPECT_EQ(run_child({"/nonexistent/factorbench"}, log), 127);
}

}  // namespace
}  // namespace fb::reports
