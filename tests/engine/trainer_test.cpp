#include "engine/trainer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <sstream>

#include "baselines/vae.h"
#include "core/atomic_output.h"
#include "core/error.h"
#include "core/hdf5.h"
#include "engine/bench.h"
#include "engine/checkpoint.h"
#include "engine/data_stream.h"
#include "engine/encode.h"
#include "engine/model.h"
#include "engine/run_dir.h"
#include "tests/support/dataset_images.h"
#include "tests/support/temp_dir.h"
#include "tests/support/toy_dataset.h"

namespace fb::engine {
namespace {

// A VAE whose loss turns NaN at step index 6 (the 7th step), for the divergence test.
FB_REGISTER(model_registry(),
            {"test_diverging", "VAE whose loss becomes NaN at step 7", Json::object(),
             [](const Json&, const ModelContext& ctx,
                const std::string&) -> std::unique_ptr<Model> {
               return std::make_unique<baselines::VaeModel>(
                   "test_diverging", Json::object(), baselines::VaeCommonConfig{}, ctx,
                   [](const baselines::VaeForward&, const torch::Tensor& kl, std::int64_t step,
                      Losses&) { return step >= 6 ? kl * std::nan("") : kl; });
             }});

const test::ToyDataset& toy() {
  static const test::ToyDataset data({4, 4, 4}, 64, 64, 1);
  return data;
}

TrainOptions options(const std::string& out, const std::string& model = "vae",
                     std::int64_t steps = 12) {
  TrainOptions o;
  o.model = model;
  o.dataset = "toy";
  o.steps = steps;
  o.batch = 8;
  o.seed = 3;
  o.threads = 1;
  o.checkpoint_every = 4;
  o.log_every = 2;
  o.out = out;
  return o;
}

std::vector<Json> read_log(const std::string& run) {
  std::vector<Json> out;
  std::istringstream in(test::slurp(run + "/log.jsonl"));
  for (std::string line; std::getline(in, line);) out.push_back(Json::parse(line));
  return out;
}

TEST(Trainer, ReconstructionLossFalls) {
  test::TempDir tmp;
  auto o = options(tmp.file("run"), "vae", 100);
  o.batch = 16;
  o.log_every = 10;
  o.checkpoint_every = 1000;
  o.model_config = Json{{"lr", 1e-3}};
  train(o, toy());
  auto log = read_log(o.out);
  ASSERT_EQ(log.size(), 10u);
  EXPECT_EQ(log.back()["step"], 100);
  EXPECT_LT(log.back()["reconstruction"].get<double>(),
            0.5 * log.front()["reconstruction"].get<double>());
  EXPECT_GT(log.back()["images_per_s"].get<double>(), 0.0);
  for (const char* key : {"loss", "reconstruction", "kl"})
    EXPECT_TRUE(log.back().contains(key)) << key;
}

TEST(Trainer, WritesTheRunDirectory) {
  test::TempDir tmp;
  auto o = options(tmp.file("run"), "beta_vae", 4);
  o.model_config = Json{{"beta", 2}};
  auto result = train(o, toy());
  RunDir run(o.out);
  Json config = run.read_config();
  EXPECT_EQ(config["model"], "beta_vae");
  EXPECT_EQ(config["model_config"]["beta"], 2.0);
  EXPECT_EQ(config["model_config"]["latent_dim"], 10);
  EXPECT_EQ(config["seed"], 3);
  Json provenance = Json::parse(test::slurp(run.provenance_path()));
  for (const char* key : {"git_commit", "libtorch", "seed", "device", "threads"})
    EXPECT_TRUE(provenance.contains(key)) << key;
  EXPECT_TRUE(std::filesystem::exists(run.model_path()));
  ASSERT_EQ(run.checkpoints().size(), 1u);  // a finished run keeps one checkpoint
  EXPECT_EQ(run.checkpoints().back().first, 4);
  // The final model holds no optimiser state (Adam's two moments triple a checkpoint).
  EXPECT_LT(std::filesystem::file_size(run.model_path()) * 2,
            std::filesystem::file_size(run.checkpoints().back().second));
  EXPECT_EQ(result.digest, run_digest(o.out));
  EXPECT_EQ(result.digest.size(), 64u);
}

// Runs N steps in one go, and k steps then a second invocation to N; the digests must agree.
void expect_resume_is_bitwise(const std::string& model, const std::string& sampling, std::int64_t k,
                              int threads = 1, std::int64_t steps = 12) {
  test::TempDir tmp;
  auto whole = options(tmp.file("whole"), model, steps);
  whole.sampling = sampling;
  whole.threads = threads;
  const std::string reference = train(whole, toy()).digest;

  auto split = options(tmp.file("split"), model);
  split.sampling = sampling;
  split.threads = threads;
  split.steps = k;
  EXPECT_NE(train(split, toy()).digest, reference);
  split.steps = whole.steps;
  auto resumed = train(split, toy());
  EXPECT_EQ(resumed.resumed_from, k);
  EXPECT_EQ(resumed.digest, reference);
  // The stop adds one log line (its last step); the last interval's means agree exactly.
  Json last_split = read_log(split.out).back(), last_whole = read_log(whole.out).back();
  EXPECT_EQ(last_split["step"], whole.steps);
  EXPECT_EQ(last_split["loss"], last_whole["loss"]);
}

TEST(Trainer, EpochsSetTheLengthFromTheDatasetSize) {
  // 64 toy pictures at batch 8: 8 steps an epoch (a partial last batch would be dropped).
  test::TempDir tmp;
  TrainOptions o = options(tmp.file("run"), "vae", 0);
  o.epochs = 2;
  o.sampling = "epochs";
  EXPECT_EQ(train(o, toy()).steps, 16);
  EXPECT_EQ(Json::parse(test::slurp(tmp.file("run") + "/config.json"))["epochs"], 2);
  TrainOptions both = options(tmp.file("both"), "vae", 5);
  both.epochs = 1;
  EXPECT_THROW(train(both, toy()), ConfigError);
  TrainOptions too_big = options(tmp.file("big"), "vae", 0);
  too_big.epochs = 1;
  too_big.batch = 65;
  EXPECT_THROW(train(too_big, toy()), ConfigError);
}

TEST(Trainer, TrainsWithoutTf32AndRecordsItInTheProvenance) {
  // Issue #16 item 8: the reference trained in FP32. Even when a caller turned TF32 on, training
  // turns it off for cuDNN convolutions and matmuls, and the run's provenance says so.
  at::globalContext().setAllowTF32CuDNN(true);
  at::globalContext().setAllowTF32CuBLAS(true);
  test::TempDir tmp;
  auto o = options(tmp.file("run"), "vae", 2);
  train(o, toy());
  EXPECT_FALSE(at::globalContext().allowTF32CuDNN());
  EXPECT_FALSE(at::globalContext().allowTF32CuBLAS());
  Json provenance = Json::parse(test::slurp(RunDir(o.out).provenance_path()));
  EXPECT_EQ(provenance["tf32"], (Json{{"cudnn_conv", false}, {"matmul", false}}));
}

TEST(Trainer, ResumeIsBitwiseIdenticalIid) { expect_resume_is_bitwise("vae", "iid", 5); }
TEST(Trainer, ResumeIsBitwiseIdenticalEpochs) {
  expect_resume_is_bitwise("beta_tcvae", "epochs", 8);
}
TEST(Trainer, ResumeIsBitwiseIdenticalWithTwoOptimisers) {
  expect_resume_is_bitwise("factor_vae", "iid", 6);
}
TEST(Trainer, ResumeIsBitwiseIdenticalWithTwoThreads) {
  expect_resume_is_bitwise("vae", "iid", 3, /*threads=*/2, /*steps=*/6);
}

TEST(Trainer, FinishedRunIsNotRetrained) {
  test::TempDir tmp;
  auto o = options(tmp.file("run"), "vae", 4);
  auto first = train(o, toy());
  auto again = train(o, toy());
  EXPECT_EQ(again.resumed_from, 4);
  EXPECT_EQ(again.digest, first.digest);
}

TEST(Trainer, RefusesARunDirectoryOfAnotherRun) {
  test::TempDir tmp;
  auto o = options(tmp.file("run"), "beta_vae", 2);
  train(o, toy());
  o.model_config = Json{{"beta", 8}};
  try {
    train(o, toy());
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("model_config.beta = 4"), std::string::npos) << e.what();
  }
  o.model_config = Json::object();
  o.seed = 4;
  EXPECT_THROW(train(o, toy()), ConfigError);
}

TEST(Trainer, DivergenceStopsWithTheStepAndKeepsTheLastGoodCheckpoint) {
  test::TempDir tmp;
  auto o = options(tmp.file("run"), "test_diverging", 20);
  o.checkpoint_every = 5;
  try {
    train(o, toy());
    FAIL();
  } catch (const NumericalError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("diverged at step 7"), std::string::npos) << msg;
    EXPECT_NE(msg.find("'loss' is NaN"), std::string::npos) << msg;
    EXPECT_NE(msg.find("step-0000000005.pt (step 5)"), std::string::npos) << msg;
    EXPECT_EQ(e.exit_code(), 4);
  }
  RunDir run(o.out);
  ASSERT_EQ(run.checkpoints().size(), 1u);
  EXPECT_EQ(run.checkpoints().back().first, 5);
  EXPECT_FALSE(std::filesystem::exists(run.model_path()));
  auto model = make_model("test_diverging", Json(), ModelContext{}, "m");
  EXPECT_EQ(read_checkpoint(run.checkpoints().back().second, *model).step, 5);
}

TEST(Trainer, ValidatesOptions) {
  test::TempDir tmp;
  auto o = options(tmp.file("run"));
  o.steps = 0;
  EXPECT_THROW(train(o, toy()), ConfigError);
  o = options(tmp.file("run"));
  o.device = "tpu";
  EXPECT_THROW(train(o, toy()), ConfigError);
  o = options(tmp.file("run"));
  o.sampling = "random";
  EXPECT_THROW(train(o, toy()), ConfigError);
  o = options(tmp.file("run"), "no_such_model");
  EXPECT_THROW(train(o, toy()), UnknownName);
  o = options(tmp.file("run"), "beta_vae");
  o.model_config = Json{{"beta", 0}};
  EXPECT_THROW(train(o, toy()), ConfigError);
  EXPECT_FALSE(std::filesystem::exists(tmp.file("run")));
}

TEST(Encode, WritesCodesFactorsAndUdrInputs) {
  test::TempDir tmp;
  auto o = options(tmp.file("run"), "vae", 2);
  train(o, toy());
  EncodeOptions e;
  e.run_dir = o.out;
  e.out = tmp.file("codes.h5");
  e.batch = 24;
  auto result = encode_run(e, toy());
  EXPECT_EQ(result.images, 64);
  EXPECT_EQ(result.latent_dim, 10);
  auto file = h5::File::open(e.out);
  auto codes = file.dataset("/train/codes");
  codes.expect(h5::Type::kF32, {64, 10});
  file.dataset("/train/factors").expect(h5::Type::kI64, {64, 3});
  auto factors = file.dataset("/train/factors").read<std::int64_t>();
  EXPECT_TRUE(std::equal(factors.begin(), factors.end(), toy().classes()));
  file.dataset("/udr/kl").expect(h5::Type::kF32, {10});
  auto values = codes.read<float>();
  auto model = load_run_model(RunDir(o.out), torch::kCPU);
  auto mean = model->encode(to_model_input(test::images_of(toy()).data(), 64, toy(), torch::kCPU));
  EXPECT_TRUE(torch::allclose(torch::from_blob(values.data(), {64, 10}), mean.mean));
  EXPECT_EQ(file.dataset("/udr/mean").read<float>(), values);

  e.out = tmp.file("sampled.h5");
  e.representation = "sampled";
  encode_run(e, toy());
  auto sampled = h5::File::open(e.out).dataset("/train/codes").read<float>();
  EXPECT_NE(sampled, values);
  e.representation = "median";
  EXPECT_THROW(encode_run(e, toy()), ConfigError);
}

TEST(BenchTrain, ReportsImagesPerSecond) {
  BenchOptions b;
  b.model = "beta_vae";
  b.batch = 4;
  b.seconds = 0.05;
  b.threads = 1;
  Json j = bench_train(b);
  EXPECT_EQ(j["implementation"], "factorbench");
  EXPECT_GE(j["steps"].get<std::int64_t>(), 1);
  EXPECT_GT(j["images_per_s"].get<double>(), 0.0);
  // The dlib β-VAE's hand count (tests/baselines/flop_count_test.cpp), whatever the batch.
  EXPECT_EQ(j["flops_per_image"].get<double>(), 82'359'296.0);
  EXPECT_GT(j["fraction_of_peak"].get<double>(), 0.0);
  EXPECT_EQ(j["peak_flops_per_s"].get<double>(),
            j["machine"]["fma_peak"]["one_core_flops"].get<double>());
  EXPECT_NE(j["machine"]["aten_cpu_capability"], "unknown");
}

}  // namespace
}  // namespace fb::engine
