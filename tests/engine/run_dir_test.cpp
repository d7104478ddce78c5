#include "engine/run_dir.h"

#include <gtest/gtest.h>

#include <fstream>

#include "core/atomic_output.h"
#include "core/error.h"
#include "tests/support/temp_dir.h"

namespace fb::engine {
namespace {

TEST(RunDir, ListsAndPrunesCheckpointsInStepOrder) {
  test::TempDir tmp;
  RunDir run(tmp.file("run"));
  run.create();
  for (std::int64_t step : {100, 20, 3000}) write_file_atomic(run.checkpoint_path(step), "x");
  write_file_atomic(run.checkpoint_dir() + "/notes.txt", "x");
  auto all = run.checkpoints();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].first, 20);
  EXPECT_EQ(all[2].first, 3000);
  run.prune_checkpoints(2);
  all = run.checkpoints();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].first, 100);
}

TEST(RunDir, CreateRemovesPartialFilesOfAKilledRun) {
  test::TempDir tmp;
  RunDir run(tmp.file("run"));
  run.create();
  write_file_atomic(run.checkpoint_dir() + "/step-0000000010.pt.partial", "torn");
  run.create();
  EXPECT_TRUE(run.checkpoints().empty());
  EXPECT_FALSE(std::ifstream(run.checkpoint_dir() + "/step-0000000010.pt.partial").good());
}

TEST(RunDir, TruncateLogDropsStepsAfterTheCheckpointAndTornLines) {
  test::TempDir tmp;
  RunDir run(tmp.file("run"));
  run.create();
  for (int step : {10, 20, 30}) run.append_log(Json{{"step", step}, {"loss", 1.5}});
  run.truncate_log(20);
  EXPECT_EQ(test::slurp(run.log_path()),
            "{\"step\":10,\"loss\":1.5}\n{\"step\":20,\"loss\":1.5}\n");
  { std::ofstream(run.log_path(), std::ios::app) << "{\"step\":30,\"lo"; }
  run.truncate_log(100);
  EXPECT_EQ(test::slurp(run.log_path()),
            "{\"step\":10,\"loss\":1.5}\n{\"step\":20,\"loss\":1.5}\n");
}

TEST(RunDir, ReadConfigOfANonRunNamesTheDirectory) {
  test::TempDir tmp;
  try {
    RunDir(tmp.path()).read_config();
    FAIL();
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("not a run directory"), std::string::npos);
  }
}

}  // namespace
}  // namespace fb::engine
