// Elastic-InfoGAN: the Gumbel-softmax relaxation and its sampling statistics, L_trans, L_ent and
// the categorical info term against hand computations, the identity-preserving δ, config errors,
// and tiny training runs through the trainer.
#include "methods/elastic_infogan.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>

#include "core/error.h"
#include "datagen/dataset.h"
#include "engine/run_dir.h"
#include "engine/runtime.h"
#include "engine/trainer.h"
#include "methods/elastic_infogan_losses.h"
#include "methods/identity_transform.h"
#include "tests/support/temp_dir.h"

namespace fb::methods {
namespace {

engine::ModelContext context() {
  engine::ModelContext ctx;
  ctx.channels = 1;
  ctx.seed = 5;
  return ctx;
}

// A dataset whose image i stores its own factor classes in its first K pixels, so δ's kept and
// redrawn factors can be read back exactly.
class ClassEchoDataset : public data::Dataset {
 public:
  ClassEchoDataset() {
    factors_ = {{"shape", {0, 1, 2}}, {"scale", {0, 1, 2, 3, 4, 5}}, {"pos", {0, 1, 2, 3}}};
    height_ = width_ = 64;
    channels_ = 1;
  }
  std::string name() const override { return "echo"; }
  void render(const std::int64_t* classes, std::int64_t n, Rng&, std::uint8_t* out) const override {
    for (std::int64_t i = 0; i < n; ++i) {
      std::uint8_t* img = out + i * image_bytes();
      std::fill(img, img + image_bytes(), 0);
      for (int k = 0; k < num_factors(); ++k)
        img[k] = static_cast<std::uint8_t>(classes[i * num_factors() + k]);
    }
  }
};

TEST(GumbelSoftmax, RelaxedSampleMatchesHandComputation) {
  // p = softmax([0, ln2]) = (1/3, 2/3); g = (0.5, −0.5); τ = 0.5:
  // c ∝ exp((ln(1/3) + 0.5)/0.5), exp((ln(2/3) − 0.5)/0.5).
  const torch::Tensor logits = torch::tensor({0.0f, static_cast<float>(std::log(2.0))});
  const torch::Tensor g = torch::tensor({{0.5f, -0.5f}});
  const double a = std::exp((std::log(1.0 / 3) + 0.5) / 0.5),
               b = std::exp((std::log(2.0 / 3) - 0.5) / 0.5);
  const torch::Tensor c = gumbel_softmax(logits, g, 0.5, /*hard=*/false);
  EXPECT_NEAR(c[0][0].item<double>(), a / (a + b), 1e-6);
  EXPECT_NEAR(c[0][1].item<double>(), b / (a + b), 1e-6);
}

TEST(GumbelSoftmax, HardSampleIsOneHotWithTheRelaxedGradient) {
  const torch::Tensor g = torch::tensor({{0.3f, -0.2f, 1.0f}});
  const torch::Tensor w = torch::tensor({{1.0f, -2.0f, 0.5f}});
  torch::Tensor soft_logits = torch::tensor({0.1f, 0.4f, -0.3f}).requires_grad_();
  torch::Tensor hard_logits = soft_logits.detach().clone().requires_grad_();
  torch::Tensor hard = gumbel_softmax(hard_logits, g, 1.0, true);
  EXPECT_TRUE(torch::equal(hard.detach(), torch::tensor({{0.0f, 0.0f, 1.0f}})));
  (gumbel_softmax(soft_logits, g, 1.0, false) * w).sum().backward();
  (hard * w).sum().backward();
  EXPECT_TRUE(torch::allclose(hard_logits.grad(), soft_logits.grad()));
}

TEST(GumbelSoftmax, ArgmaxFrequenciesAndLowTemperatureMeanFollowThePrior) {
  torch::Generator gen = engine::make_generator(torch::kCPU, 11);
  const torch::Tensor p = torch::tensor({0.6, 0.3, 0.1}, torch::kFloat32);
  const torch::Tensor g = gumbel_noise(20000, 3, gen, torch::kCPU);
  const torch::Tensor frequency =
      gumbel_softmax(p.log(), g, 1.0, true).mean(0);  // the argmax is Gumbel-max: exact categorical
  const torch::Tensor cold_mean = gumbel_softmax(p.log(), g, 0.05, false).mean(0);
  for (int i = 0; i < 3; ++i) {
    EXPECT_NEAR(frequency[i].item<double>(), p[i].item<double>(), 0.012) << i;  // ~3.5σ
    EXPECT_NEAR(cold_mean[i].item<double>(), p[i].item<double>(), 0.015) << i;
  }
  // At τ = 1 the relaxed sample's mean is pulled towards uniform: the rare class gains mass.
  const torch::Tensor warm_mean = gumbel_softmax(p.log(), g, 1.0, false).mean(0);
  EXPECT_GT(warm_mean[2].item<double>(), 0.12);
  EXPECT_NEAR(warm_mean.sum().item<double>(), 1.0, 1e-5);
}

TEST(ElasticLosses, TransformationLossIsBatchMeanL1) {
  const torch::Tensor p = torch::tensor({{1.0f, 0.0f}, {0.5f, 0.5f}});
  const torch::Tensor q = torch::tensor({{0.0f, 1.0f}, {0.25f, 0.75f}});
  EXPECT_NEAR(transformation_loss(p, q).item<double>(), (2.0 + 0.5) / 2, 1e-7);
}

TEST(ElasticLosses, EntropyLossSumsBothMeanEntropies) {
  const torch::Tensor x = torch::tensor({{0.0f, 0.0f}});                               // (½, ½)
  const torch::Tensor d = torch::tensor({{0.0f, static_cast<float>(std::log(3.0))}});  // (¼, ¾)
  const double expected = std::log(2.0) - (0.25 * std::log(0.25) + 0.75 * std::log(0.75));
  EXPECT_NEAR(entropy_loss(x, d).item<double>(), expected, 1e-6);
}

TEST(ElasticLosses, CategoricalInfoIsCrossEntropy) {
  const torch::Tensor q = torch::tensor({{0.0f, 0.0f}, {static_cast<float>(std::log(3.0)), 0.0f}});
  const torch::Tensor c = torch::tensor({{1.0f, 0.0f}, {1.0f, 0.0f}});
  EXPECT_NEAR(categorical_info_loss(q, c).item<double>(), 0.5 * (std::log(2.0) - std::log(0.75)),
              1e-6);
}

TEST(IdentityTransform, KeepsTheIdentityAndRedrawsTheRest) {
  ClassEchoDataset data;
  std::vector<std::int64_t> rows;
  for (int i = 0; i < 64; ++i) rows.insert(rows.end(), {i % 3, 2, 1});
  torch::Tensor classes = torch::tensor(rows).view({64, 3});
  torch::Generator gen = engine::make_generator(torch::kCPU, 3);
  torch::Tensor delta = identity_preserving_render(data, classes, 0, gen, torch::kCPU);
  ASSERT_EQ(delta.sizes(), (std::vector<std::int64_t>{64, 1, 64, 64}));
  torch::Tensor read = delta.select(1, 0).select(1, 0).slice(1, 0, 3).to(torch::kInt64);  // [64,3]
  EXPECT_TRUE(torch::equal(read.select(1, 0), classes.select(1, 0)));
  EXPECT_FALSE(torch::equal(read.select(1, 1), classes.select(1, 1)));
  EXPECT_FALSE(torch::equal(read.select(1, 2), classes.select(1, 2)));
  EXPECT_LE(read.select(1, 1).max().item<std::int64_t>(), 5);
  EXPECT_LE(read.select(1, 2).max().item<std::int64_t>(), 3);
}

TEST(ElasticInfoGan, ConfigErrorsNameTheField) {
  auto make = [](const Json& c) {
    return engine::make_model("elastic_infogan", c, context(), "m");
  };
  EXPECT_THROW(make(Json{{"prior", "bogus"}}), ConfigError);
  EXPECT_THROW(make(Json{{"prior", "ground_truth"}, {"class_prior", {0.5, 0.5}}}), ConfigError);
  EXPECT_THROW(make(Json{{"prior", "ground_truth"}, {"class_prior", {0.5, 0.3, 0.1}}}),
               ConfigError);
  EXPECT_THROW(make(Json{{"temperature", 0.0}}), ConfigError);
  EXPECT_THROW(make(Json{{"lambda_trans", -1.0}}), ConfigError);
  EXPECT_THROW(make(Json{{"lamda_trans", 1.0}}), ConfigError);  // unknown key
  try {
    make(Json{{"num_classes", 1}});
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("m.num_classes"), std::string::npos) << e.what();
  }
}

TEST(ElasticInfoGan, EncodesProbabilitiesAndGeneratesPerClass) {
  auto model = engine::make_model("elastic_infogan", Json{{"num_continuous", 2}}, context(), "m");
  EXPECT_EQ(model->latent_dim(), 5);
  torch::Tensor z = model->encode(torch::rand({4, 1, 64, 64})).mean;
  ASSERT_EQ(z.sizes(), (std::vector<std::int64_t>{4, 5}));
  EXPECT_TRUE(torch::allclose(z.slice(1, 0, 3).sum(1), torch::ones({4}), 1e-5));
  torch::Generator gen = engine::make_generator(torch::kCPU, 1);
  EXPECT_EQ(model->generate_class(2, 3, gen).sizes(), (std::vector<std::int64_t>{3, 1, 64, 64}));
  EXPECT_EQ(model->sample_images(3, gen).sizes(), (std::vector<std::int64_t>{3, 1, 64, 64}));
  const auto code = model->categorical_code();
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(code->factor, "shape");
  for (double p : code->prior) EXPECT_NEAR(p, 1.0 / 3, 1e-6);
  EXPECT_THROW(model->generate_class(3, 1, gen), ConfigError);
}

TEST(ElasticInfoGan, TransLossWithoutLabelsIsAConfigError) {
  auto model = engine::make_model("elastic_infogan", Json(), context(), "m");
  engine::StepContext step{0, engine::make_generator(torch::kCPU, 1)};
  EXPECT_THROW(model->train_step(torch::rand({4, 1, 64, 64}), step), ConfigError);
  auto plain =
      engine::make_model("elastic_infogan", Json{{"use_trans_loss", false}}, context(), "m");
  EXPECT_NO_THROW(plain->train_step(torch::rand({4, 1, 64, 64}), step));
}

engine::TrainOptions tiny_run(const Json& config, const std::string& out) {
  engine::TrainOptions o;
  o.model = "elastic_infogan";
  o.model_config = config;
  o.dataset = "dsprites_imbalanced";
  o.dataset_config = Json{{"count", 64}};
  o.steps = 3;
  o.batch = 8;
  o.seed = 2;
  o.threads = 1;
  o.checkpoint_every = 1000;
  o.log_every = 1;
  o.out = out;
  return o;
}

Json last_log_line(const std::string& run) {
  std::ifstream in(run + "/log.jsonl");
  std::string line, last;
  while (std::getline(in, line)) last = line;
  return Json::parse(last);
}

TEST(ElasticInfoGan, TinyRunsTrainWithoutNanAndTheLearnedPriorMoves) {
  test::TempDir tmp;
  const auto full = tiny_run(Json(), tmp.file("full"));
  const auto result = engine::train(full);  // NumericalError on any NaN/Inf loss
  const Json log = last_log_line(full.out);
  EXPECT_GT(log["trans"].get<double>(), 0.0);
  EXPECT_GT(log["entropy"].get<double>(), 0.0);
  const double p0 = log["prior_0"].get<double>();
  EXPECT_GT(std::abs(p0 - 1.0 / 3), 1e-5);  // the Gumbel logits received gradients
  EXPECT_NEAR(p0 + log["prior_1"].get<double>() + log["prior_2"].get<double>(), 1.0, 1e-5);
  // Same seed, same bytes.
  EXPECT_EQ(engine::train(tiny_run(Json(), tmp.file("again"))).digest, result.digest);

  const auto fixed =
      tiny_run(Json{{"prior", "ground_truth"}, {"use_trans_loss", false}}, tmp.file("gt"));
  engine::train(fixed);
  const Json gt = last_log_line(fixed.out);
  EXPECT_NEAR(gt["prior_0"].get<double>(), 0.6, 1e-6);
  EXPECT_EQ(gt["trans"].get<double>(), 0.0);
}

TEST(ElasticInfoGan, ResumingIsBitwiseIdentical) {
  // δ's draws come from the step's noise generator, which the trainer checkpoints.
  test::TempDir tmp;
  auto straight = tiny_run(Json(), tmp.file("straight"));
  auto split = tiny_run(Json(), tmp.file("split"));
  split.checkpoint_every = 1;
  split.steps = 2;
  engine::train(split);
  split.steps = 3;
  EXPECT_EQ(engine::train(split).digest, engine::train(straight).digest);
}

TEST(ElasticInfoGan, ClassCountMustMatchTheFactor) {
  test::TempDir tmp;
  EXPECT_THROW(engine::train(tiny_run(Json{{"num_classes", 4}}, tmp.file("r"))), ConfigError);
  EXPECT_THROW(engine::train(tiny_run(Json{{"factor", "colour"}}, tmp.file("s"))), ConfigError);
}

}  // namespace
}  // namespace fb::methods
