#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/hdf5.h"
#include "tests/cli/cli_support.h"
#include "tests/support/temp_dir.h"

namespace fb::test {
namespace {

namespace fs = std::filesystem;

TEST(GenerateCommand, WritesImbalancedSubset) {
  TempDir tmp;
  auto out = tmp.file("imb.h5");
  auto r = run({"generate", "dsprites", "--variant", "imbalanced", "--shape-weights", "1,0.0005,0",
                "--out", out, "--quiet"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("wrote"), std::string::npos);
  auto f = h5::File::open(out);
  EXPECT_EQ(f.dataset("imgs").dims()[0], 245760 + 123);
  EXPECT_EQ(f.dataset("indices").dims()[0], 245760 + 123);
  EXPECT_EQ(f.read_attr_doubles("/", "shape_prior"), (std::vector<double>{1, 0.0005, 0}));
}

TEST(GenerateCommand, ErrorPathsAreOneLineAndLeaveNothing) {
  TempDir tmp;
  struct Case {
    std::vector<std::string> args;
    int code;
    const char* says;
  };
  const std::string out = tmp.file("x.h5");
  std::vector<Case> cases = {
      {{"generate", "dsprites", "--out", tmp.file("no/dir/x.h5")}, 3, "does not exist"},
      {{"generate", "dsprites", "--variant", "sepia", "--out", out}, 2, "variant"},
      {{"generate", "dsprites", "--variant", "imbalanced", "--shape-weights", "1,2", "--out", out},
       2,
       "shape_weights"},
      {{"generate", "dsprites", "--variant", "imbalanced", "--shape-weights", "1,x,2", "--out",
        out},
       2,
       "shape-weights"},
      {{"generate", "dsprites", "--texture", "a.png", "--out", out}, 2, "scream"},
      {{"generate", "dsprits", "--out", out}, 2, "did you mean 'dsprites'"},
      {{"generate", "dsprites", "--threads", "0", "--out", out}, 2, "threads"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.args[2]);
    auto r = run(c.args);
    EXPECT_EQ(r.code, c.code) << r.err;
    EXPECT_EQ(lines(r.err), 1) << r.err;
    EXPECT_NE(r.err.find(c.says), std::string::npos) << r.err;
  }
  EXPECT_TRUE(fs::is_empty(tmp.path()));
}

TEST(GenerateCommand, RefusesExistingOutputWithoutForce) {
  TempDir tmp;
  auto out = tmp.file("x.h5");
  { std::ofstream(out) << "keep me"; }
  auto r = run({"generate", "dsprites", "--out", out});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--force"), std::string::npos);
  EXPECT_EQ(slurp(out), "keep me");
}

TEST(ShowCommand, WritesPng) {
  TempDir tmp;
  auto out = tmp.file("grid.png");
  auto r = run({"show", "dsprites_color", "--set", "count=4", "--out", out});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(slurp(out).substr(1, 3), "PNG");
  EXPECT_EQ(run({"show", "nope.h5", "--out", tmp.file("g2.png")}).code, 3);
  EXPECT_FALSE(fs::exists(tmp.file("g2.png")));
}

}  // namespace
}  // namespace fb::test
