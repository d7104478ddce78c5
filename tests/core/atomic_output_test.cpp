#include "core/atomic_output.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/error.h"
#include "tests/support/temp_dir.h"

namespace fb {
namespace {

TEST(AtomicOutput, UncommittedLeavesNothing) {
  test::TempDir tmp;
  auto path = tmp.file("out.bin");
  {
    AtomicOutput out(path, false);
    std::ofstream(out.partial()) << "half";
  }
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_FALSE(std::filesystem::exists(path + ".partial"));
}

TEST(AtomicOutput, CommitRenames) {
  test::TempDir tmp;
  auto path = tmp.file("out.bin");
  AtomicOutput out(path, false);
  std::ofstream(out.partial()) << "whole";
  out.commit();
  EXPECT_EQ(test::slurp(path), "whole");
}

TEST(AtomicOutput, RefusesExistingWithoutForce) {
  test::TempDir tmp;
  auto path = tmp.file("out.bin");
  std::ofstream(path) << "x";
  EXPECT_THROW(AtomicOutput(path, false), ConfigError);
  EXPECT_NO_THROW(AtomicOutput(path, true));
}

TEST(AtomicOutput, MissingDirectoryIsDataError) {
  test::TempDir tmp;
  EXPECT_THROW(AtomicOutput(tmp.file("no/such/dir/out.h5"), false), DataError);
}

}  // namespace
}  // namespace fb
