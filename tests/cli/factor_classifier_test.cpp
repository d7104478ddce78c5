// The factor classifier (oracle): learning a tiny dataset, save → load, the oracle encoder's grid
// snapping, FD_fb and Elastic-InfoGAN scores through it, and the train-classifier / evaluate
// commands end to end.
#include "engine/factor_classifier.h"
#include "engine/capabilities.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "cli/command.h"
#include "core/error.h"
#include "engine/model_metric_inputs.h"
#include "engine/runtime.h"
#include "metrics/metric.h"
#include "tests/support/dataset_images.h"
#include "tests/support/temp_dir.h"
#include "tests/support/toy_dataset.h"

namespace fb::engine {
namespace {

FactorClassifierConfig quick() {
  FactorClassifierConfig c;
  c.epochs = 4;
  c.batch = 32;
  c.holdout_fraction = 0.25;
  return c;
}

// Factor k draws a bar in its own band at a class-dependent height: 3 × 4 classes at 32×32.
const test::ToyDataset& toy() {
  static const test::ToyDataset data({3, 4}, 32, 32, 1, 512, 7);
  return data;
}

const FactorClassifier& trained() {
  static const FactorClassifier c = FactorClassifier::train(toy(), quick(), 1, torch::kCPU);
  return c;
}

TEST(FactorClassifier, LearnsATinyDatasetAboveNinetyPercent) {
  ASSERT_EQ(trained().accuracy().size(), 2u);
  for (double a : trained().accuracy()) EXPECT_GT(a, 0.9);
}

TEST(FactorClassifier, SaveLoadKeepsPredictionsAndFeatures) {
  test::TempDir tmp;
  trained().save(tmp.file("c"), Json{{"dataset", "toy"}});
  const auto loaded = FactorClassifier::load(tmp.file("c"), torch::kCPU);
  const torch::Tensor x = trained().input(test::images_of(toy(), 0, 16).data(), 16);
  EXPECT_TRUE(torch::equal(loaded.predict(x), trained().predict(x)));
  EXPECT_TRUE(torch::equal(loaded.features(x), trained().features(x)));
  EXPECT_EQ(trained().features(x).sizes(), (std::vector<std::int64_t>{16, 128}));
  EXPECT_EQ(loaded.accuracy(), trained().accuracy());
  EXPECT_THROW(FactorClassifier::load(tmp.file("missing"), torch::kCPU), DataError);
}

TEST(FactorClassifier, OracleEncoderSnapsToTheGrid) {
  std::vector<double> codes(16 * 2);
  trained().oracle_encoder()(test::images_of(toy(), 0, 16).data(), 16, codes.data());
  const torch::Tensor pred =
      trained().predict(trained().input(test::images_of(toy(), 0, 16).data(), 16));
  for (int i = 0; i < 16; ++i) {
    EXPECT_DOUBLE_EQ(codes[i * 2], pred[i][0].item<double>() / 2.0);
    EXPECT_DOUBLE_EQ(codes[i * 2 + 1], pred[i][1].item<double>() / 3.0);
  }
}

TEST(FactorClassifier, RejectsOtherDatasetsAndBadConfigs) {
  const test::ToyDataset other({3, 5}, 32, 32, 1, 16, 1);
  EXPECT_THROW(trained().require_compatible(other, "--classifier"), ConfigError);
  EXPECT_NO_THROW(trained().require_compatible(toy(), "--classifier"));
  auto bad = quick();
  bad.lr = 0;
  EXPECT_THROW(FactorClassifier::train(toy(), bad, 1, torch::kCPU), ConfigError);
  EXPECT_THROW(FactorClassifierNet(1, 12, 40, std::vector<std::int64_t>{3}), ConfigError);
  // MNIST's 28×28: the four stride-2 convolutions leave 1×1.
  FactorClassifierNet mnist(1, 28, 28, std::vector<std::int64_t>{10});
  EXPECT_EQ(mnist->forward(torch::zeros({2, 1, 28, 28})).logits[0].sizes(),
            (std::vector<std::int64_t>{2, 10}));
}

struct Outcome {
  int code;
  std::string out, err;
};

Outcome run(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  int code = cli::run_cli(args, out, err);
  return {code, out.str(), err.str()};
}

TEST(TrainClassifierCommand, ElasticRunGetsNmiEntPriorRmseAndFdFb) {
  test::TempDir tmp;
  auto trained_run =
      run({"train", "--model", "elastic_infogan", "--set", "factor=shape", "--set", "num_classes=3",
           "--dataset", "dsprites_imbalanced", "--dataset-set", "count=64", "--steps", "2",
           "--batch", "8", "--threads", "1", "--out", tmp.file("run")});
  ASSERT_EQ(trained_run.code, 0) << trained_run.err;
  auto classifier =
      run({"train-classifier", "dsprites_imbalanced", "--dataset-set", "count=64", "--epochs", "1",
           "--set", "batch=16", "--threads", "1", "--out", tmp.file("clf")});
  ASSERT_EQ(classifier.code, 0) << classifier.err;
  EXPECT_NE(classifier.out.find("shape="), std::string::npos) << classifier.out;
  auto evaluated =
      run({"evaluate", tmp.file("run"), "--metrics", "mig", "--classifier", tmp.file("clf"),
           "--nmi-samples", "64", "--ent-samples", "16", "--fd-samples", "32", "--set",
           "mig.num_train=64", "--threads", "1", "--out", tmp.file("m.json")});
  ASSERT_EQ(evaluated.code, 0) << evaluated.err;
  std::ifstream in(tmp.file("m.json"));
  const Json written = Json::parse(in), scores = written["scores"];
  // The old sample-size options set the torch metrics' configs (they are aliases).
  EXPECT_EQ(written["config"]["prior_rmse"]["samples"], 64);
  EXPECT_EQ(written["config"]["nmi"]["samples"], 16);
  EXPECT_EQ(written["config"]["fd_fb"]["samples"], 32);
  for (const char* key : {"nmi", "nmi_q", "prior_rmse", "fd_fb"}) {
    ASSERT_TRUE(scores.contains(key)) << key << " in " << scores.dump();
    EXPECT_GE(scores[key].get<double>(), 0.0) << key;
  }
  EXPECT_LE(scores["nmi"].get<double>(), 1.0);
  // ENT is NaN (JSON null) when a class column is empty, as the released evaluation has it.
  ASSERT_TRUE(scores.contains("ent"));
  if (!scores["ent"].is_null()) EXPECT_LE(scores["ent"].get<double>(), std::log(3.0) + 1e-9);
  auto bad = run({"train-classifier", "dsprites", "--set", "lr=-1", "--out", tmp.file("x")});
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("classifier.lr"), std::string::npos) << bad.err;
}

// A stand-in model whose prior samples are the toy dataset's own images (fill < 0) or images of
// one constant grey level.
class Replay : public Model, public engine::PriorSampling {
 public:
  explicit Replay(float fill) : Model(torch::kCPU), fill_(fill) {}
  std::string name() const override { return "replay"; }
  Json config() const override { return Json::object(); }
  int latent_dim() const override { return 1; }
  Losses train_step(const torch::Tensor&, StepContext&) override { return {}; }
  Encoding encode(const torch::Tensor& x) override { return {torch::zeros({x.size(0), 1}), {}}; }
  engine::LatentPrior prior() const override { return {}; }
  torch::Tensor sample_images(std::int64_t n, torch::Generator&) override {
    if (fill_ >= 0) return torch::full({n, 1, 32, 32}, fill_);
    Rng rng(9);
    auto idx = toy().sample_indices(n, rng);
    std::vector<std::uint8_t> buf(idx.size() * toy().image_bytes());
    toy().gather(idx, buf.data());
    return trained().input(buf.data(), n).clone();
  }

 private:
  float fill_;
};

// FD_fb of `model` on the toy data through the metric registry (seed 0).
double fd_fb(Model& model, std::int64_t samples) {
  ModelUnderTest source;
  source.model = &model;
  source.classifier = &trained();
  metrics::MetricInputs in;
  in.dataset = &toy();
  in.model = &source;
  return metrics::make_metric("fd_fb", Json{{"samples", samples}})
      ->evaluate(in)
      .at("fd_fb")
      .get<double>();
}

TEST(FdFb, RealVersusRealIsSmallerThanRealVersusBlank) {
  Replay same(-1), blank(0);
  const double near = fd_fb(same, 400), far = fd_fb(blank, 400);
  EXPECT_GE(near, 0.0);
  EXPECT_LT(near * 5, far);
}

TEST(FdFb, FeaturesArePreActivationsSoDifferentOffDataGeneratorsScoreDifferently) {
  // Post-ReLU features of images unlike the data can be all zero, which gave different
  // generators one FD_fb; the pre-activations keep them apart.
  const torch::Tensor grey = torch::full({4, 1, 32, 32}, 0.5f), white = torch::ones({4, 1, 32, 32});
  EXPECT_TRUE(trained().features(grey).lt(0).any().item<bool>());
  EXPECT_FALSE(torch::allclose(trained().features(grey), trained().features(white)));
  Replay g(0.5f), w(1.0f);
  EXPECT_GT(std::abs(fd_fb(g, 200) - fd_fb(w, 200)), 1e-3);
}

}  // namespace
}  // namespace fb::engine
