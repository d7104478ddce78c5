// The train, digest, encode and bench commands, run in-process on a small dSprites sample.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "core/hdf5.h"
#include "core/json.h"
#include "tests/cli/cli_support.h"
#include "tests/support/temp_dir.h"

namespace fb::cli {
namespace {

using test::run;

std::vector<std::string> train_args(const std::string& dir, const std::string& steps) {
  return {"train",    "--model",       "beta_vae", "--set",       "beta=2", "--dataset",
          "dsprites", "--dataset-set", "count=32", "--steps",     steps,    "--batch",
          "8",        "--threads",     "1",        "--log-every", "1",      "--checkpoint-every",
          "2",        "--out",         dir};
}

TEST(TrainCommand, TrainsResumesAndPrintsTheDigest) {
  test::TempDir tmp;
  const std::string dir = tmp.file("run");
  auto first = run(train_args(dir, "2"));
  ASSERT_EQ(first.code, 0) << first.err;
  auto second = run(train_args(dir, "3"));
  ASSERT_EQ(second.code, 0) << second.err;
  EXPECT_NE(second.out.find("3 steps (resumed at 2)"), std::string::npos) << second.out;
  auto digest = run({"digest", dir});
  ASSERT_EQ(digest.code, 0) << digest.err;
  EXPECT_EQ(digest.out.size(), 65u);
  EXPECT_NE(second.out.find("digest " + digest.out.substr(0, 64)), std::string::npos);

  auto encode = run({"encode", dir, "--out", tmp.file("codes.h5"), "--threads", "1"});
  ASSERT_EQ(encode.code, 0) << encode.err;
  h5::File::open(tmp.file("codes.h5")).dataset("/train/codes").expect(h5::Type::kF32, {32, 10});
  auto again = run({"encode", dir, "--out", tmp.file("codes.h5")});
  EXPECT_EQ(again.code, 2);
  EXPECT_NE(again.err.find("--force"), std::string::npos);
}

TEST(TrainCommand, ConfigErrorsExitTwoAndNameTheKey) {
  test::TempDir tmp;
  auto args = train_args(tmp.file("run"), "2");
  args[4] = "beta=-1";
  auto bad = run(args);
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("beta_vae.beta: must be > 0 (got -1)"), std::string::npos) << bad.err;
  args[4] = "gamma=3";
  bad = run(args);
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("beta_vae.gamma: unknown key"), std::string::npos) << bad.err;
  args[2] = "beta_vea";
  bad = run(args);
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("did you mean 'beta_vae'"), std::string::npos) << bad.err;
  if (!torch::cuda::is_available()) {
    auto cuda = train_args(tmp.file("run"), "2");
    cuda.insert(cuda.end(), {"--device", "cuda"});
    bad = run(cuda);
    EXPECT_EQ(bad.code, 2);
    EXPECT_NE(bad.err.find("CUDA is not available"), std::string::npos) << bad.err;
  }
  EXPECT_EQ(run({"digest", tmp.path()}).code, 3);
}

TEST(TrainCommand, EpochsOrStepsButNotBoth) {
  test::TempDir tmp;
  auto args = train_args(tmp.file("run"), "2");
  const auto steps = std::find(args.begin(), args.end(), "--steps");
  *steps = "--epochs";  // 2 epochs of 32 pictures at batch 8: 4 steps each
  auto epochs = run(args);
  ASSERT_EQ(epochs.code, 0) << epochs.err;
  EXPECT_NE(epochs.out.find(": 8 steps"), std::string::npos) << epochs.out;
  args.insert(args.end(), {"--steps", "3"});
  EXPECT_EQ(run(args).code, 2);
  auto neither = train_args(tmp.file("other"), "2");
  neither.erase(std::find(neither.begin(), neither.end(), "--steps"),
                std::find(neither.begin(), neither.end(), "--steps") + 2);
  EXPECT_EQ(run(neither).code, 2);
}

TEST(ReproduceCommand, MnistDirectoryOnlyForMnistSpecs) {
  test::TempDir tmp;
  auto wrong =
      run({"reproduce", "elastic-infogan", "--mnist", tmp.path(), "--out", tmp.file("out")});
  EXPECT_EQ(wrong.code, 2);
  EXPECT_NE(wrong.err.find("--mnist"), std::string::npos) << wrong.err;
  EXPECT_EQ(run({"reproduce", "elastic-infogan-mnist", "--mnist", tmp.file("absent"), "--out",
                 tmp.file("o")})
                .code,
            2);
}

TEST(BenchCommand, PrintsOneJsonLine) {
  auto r = run(
      {"bench", "train", "--model", "vae", "--batch", "2", "--seconds", "0.02", "--threads", "1"});
  ASSERT_EQ(r.code, 0) << r.err;
  Json j = Json::parse(r.out);
  EXPECT_EQ(j["model"], "vae");
  EXPECT_GT(j["images_per_s"].get<double>(), 0.0);
  EXPECT_GT(j["fraction_of_peak"].get<double>(), 0.0);
  EXPECT_TRUE(j["machine"].contains("onednn"));
  EXPECT_NE(r.err.find("MFLOP/image"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("FMA peak"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace fb::cli
