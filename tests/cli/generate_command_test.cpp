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

// The flags come from the dataset registry: a variant by name equals --variant, and each generator
// rejects the options it does not declare.
TEST(GenerateCommand, FlagsAreTheChosenGeneratorsOptions) {
  TempDir tmp;
  auto r =
      run({"generate", "dsprites_color", "--count", "8", "--seed", "3", "--out", tmp.file("a.h5")});
  ASSERT_EQ(r.code, 0) << r.err;
  r = run({"generate", "dsprites", "--variant", "color", "--count", "8", "--seed", "3", "--out",
           tmp.file("b.h5")});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(slurp(tmp.file("a.h5")), slurp(tmp.file("b.h5")));
  EXPECT_EQ(h5::File::open(tmp.file("a.h5")).dataset("imgs").dims()[0], 8);

  struct Case {
    std::vector<std::string> args;
    const char* says;
  };
  const std::string out = tmp.file("x.h5");
  const std::vector<Case> cases = {
      {{"generate", "teapots", "--variant", "color", "--out", out}, "teapots.variant: unknown key"},
      {{"generate", "dsprites_noisy", "--variant", "color", "--out", out},
       "dsprites_noisy.variant"},
      {{"generate", "shapes3d", "--count", "many", "--out", out}, "--count: expected an integer"},
      {{"generate", "mnist", "--out", out}, "has no generator"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.args[1] + " " + c.args[2]);
    auto bad = run(c.args);
    EXPECT_EQ(bad.code, 2) << bad.err;
    EXPECT_EQ(lines(bad.err), 1) << bad.err;
    EXPECT_NE(bad.err.find(c.says), std::string::npos) << bad.err;
  }
  EXPECT_FALSE(fs::exists(out));
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
