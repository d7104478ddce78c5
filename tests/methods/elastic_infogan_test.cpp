// Elastic-InfoGAN (the released code's version): the Gumbel-softmax relaxation and its sampling
// statistics, NT-Xent, L_ent and the categorical info term against hand computations, δ (the image
// augmentation), the optimisers' parameter groups, config errors, and tiny training runs through
// the trainer on 28×28 pictures.
#include "methods/elastic_infogan.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>

#include "core/error.h"
#include "datagen/dataset.h"
#include "engine/capabilities.h"
#include "engine/run_dir.h"
#include "engine/runtime.h"
#include "engine/trainer.h"
#include "methods/elastic_augment.h"
#include "methods/elastic_infogan_losses.h"
#include "tests/support/temp_dir.h"
#include "tests/support/toy_dataset.h"

namespace fb::methods {
namespace {

// The paper's MNIST geometry by default; 16×16 (a 4×4 grid, small layers) where only behaviour counts.
engine::ModelContext context(int side = 28) {
  engine::ModelContext ctx;
  ctx.channels = 1;
  ctx.height = ctx.width = side;
  ctx.seed = 5;
  return ctx;
}

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

TEST(GumbelSoftmax, TheDefaultSampleIsSoftAtATenth) {
  // The released approx_latent: τ = 0.1, and G gets the relaxed sample itself. Two classes whose
  // perturbed log-probabilities differ by 0.05 share the mass e^0.5 : 1 at τ = 0.1.
  const ElasticInfoGanConfig defaults;
  EXPECT_EQ(defaults.temperature, 0.1);
  EXPECT_FALSE(defaults.hard_sample);
  const torch::Tensor logits = torch::zeros({3});
  const torch::Tensor g = torch::tensor({{0.30f, 0.25f, -2.0f}});
  const torch::Tensor c = gumbel_softmax(logits, g, defaults.temperature, defaults.hard_sample);
  const double a = std::exp(0.5), expected0 = a / (a + 1.0 + std::exp(-23.0));
  EXPECT_NEAR(c[0][0].item<double>(), expected0, 1e-5);
  EXPECT_GT(c[0][1].item<double>(), 0.3);  // not one-hot
  EXPECT_NEAR(c.sum().item<double>(), 1.0, 1e-6);
}

TEST(ElasticLosses, NtXentMatchesAHandComputedFourSampleCase) {
  // Rows r = [b0, b1, a0, a1] (the released order: the augmented batch first). a0 = b0 = (1,0),
  // a1 = (0,1), b1 = (−1,0); cosines: r0·r1 = −1, r0·r2 = 1, r0·r3 = 0, r1·r2 = −1, r1·r3 = 0,
  // r2·r3 = 0. Pairs (0,2), (1,3). Row losses −s_pos + log Σ_{j≠i} exp s_ij (τ = 1):
  const double e = std::exp(1.0);
  const double row0 = std::log(1 / e + e + 1) - 1;      // pos r2 (1); others −1, 0
  const double row1 = std::log(1 / e + 1 / e + 1) - 0;  // pos r3 (0); others −1, −1
  const double row2 = std::log(e + 1 / e + 1) - 1;      // pos r0 (1); others −1, 0
  const double row3 = std::log(3.0) - 0;                // pos r1 (0); others 0, 0
  const torch::Tensor a = torch::tensor({{1.0f, 0.0f}, {0.0f, 1.0f}});
  const torch::Tensor b = torch::tensor({{1.0f, 0.0f}, {-1.0f, 0.0f}});
  const double expected = (row0 + row1 + row2 + row3) / 4;
  EXPECT_NEAR(nt_xent_loss(a, b, 1.0).item<double>(), expected, 1e-6);
  // Cosine similarity: the features' lengths do not matter.
  EXPECT_NEAR(nt_xent_loss(a * 3.0, b * 0.5, 1.0).item<double>(), expected, 1e-6);
  // τ = 0.5 doubles every similarity: row 3 stays log 3, row 0 becomes log(e^−2 + e² + 1) − 2.
  const double half = (std::log(std::exp(-2.0) + e * e + 1) - 2 + std::log(2 * std::exp(-2.0) + 1) +
                       std::log(e * e + std::exp(-2.0) + 1) - 2 + std::log(3.0)) /
                      4;
  EXPECT_NEAR(nt_xent_loss(a, b, 0.5).item<double>(), half, 1e-6);
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

// Digit-like 28×28 pictures in [0,1]: "1" a vertical stroke, "0" an elliptic ring, "7" a bar
// and a slant (the last only as a picture with an off-centre stroke).
torch::Tensor digit(int which) {
  torch::Tensor img = torch::zeros({1, 28, 28});
  auto a = img.accessor<float, 3>();
  for (int y = 0; y < 28; ++y)
    for (int x = 0; x < 28; ++x) {
      const double dx = (x - 13.5) / 6.0, dy = (y - 13.5) / 8.5, r = std::sqrt(dx * dx + dy * dy);
      bool on = false;
      if (which == 1) on = x >= 12 && x <= 15 && y >= 5 && y <= 22;
      if (which == 0) on = r > 0.75 && r < 1.15;
      if (which == 7)
        on = (y >= 5 && y <= 7 && x >= 7 && x <= 20) ||
             (y > 7 && y <= 22 && std::abs(x - (20 - (y - 7) * 0.55)) < 1.6);
      a[0][y][x] = on ? 1.0f : 0.0f;
    }
  return img;
}

// Reads a "1" or a "0" the way the shapes differ: a stroke is long and thin (the ratio of its
// intensity-weighted second moments is large) and covers its centre of mass; a ring is round-ish
// and hollow at its centre of mass. −1 for neither.
int read_digit(const torch::Tensor& img) {
  const torch::Tensor w = img[0].to(torch::kFloat64);
  const torch::Tensor ys = torch::arange(28, torch::kFloat64).view({28, 1}).expand({28, 28});
  const torch::Tensor xs = torch::arange(28, torch::kFloat64).view({1, 28}).expand({28, 28});
  const double m = w.sum().item<double>();
  const double cy = (w * ys).sum().item<double>() / m, cx = (w * xs).sum().item<double>() / m;
  const double syy = (w * (ys - cy) * (ys - cy)).sum().item<double>() / m;
  const double sxx = (w * (xs - cx) * (xs - cx)).sum().item<double>() / m;
  const double sxy = (w * (xs - cx) * (ys - cy)).sum().item<double>() / m;
  const double mean = (sxx + syy) / 2,
               spread = std::sqrt((sxx - syy) * (sxx - syy) / 4 + sxy * sxy);
  const double elongation = (mean + spread) / std::max(mean - spread, 1e-9);
  const int iy = static_cast<int>(std::lround(cy)), ix = static_cast<int>(std::lround(cx));
  const double centre = w.slice(0, iy - 1, iy + 2).slice(1, ix - 1, ix + 2).mean().item<double>();
  if (elongation > 6 && centre > 0.5) return 1;
  if (elongation < 6 && centre < 0.25) return 0;
  return -1;
}

TEST(ElasticAugment, KeepsTheClassOfDigitLikePicturesAndIsSeeded) {
  ASSERT_EQ(read_digit(digit(1)), 1);
  ASSERT_EQ(read_digit(digit(0)), 0);
  const torch::Tensor batch = torch::stack({digit(1), digit(0)}).repeat({48, 1, 1, 1});
  torch::Generator gen = engine::make_generator(torch::kCPU, 21);
  const torch::Tensor out = augment_batch(batch, AugmentSettings{}, gen);
  ASSERT_EQ(out.sizes(), batch.sizes());
  EXPECT_GE(out.min().item<double>(), 0.0);
  EXPECT_LE(out.max().item<double>(), 1.0);
  int changed = 0;
  for (std::int64_t i = 0; i < out.size(0); ++i) {
    EXPECT_EQ(read_digit(out[i]), i % 2 == 0 ? 1 : 0)
        << "image " << i;  // δ(x) still shows x's digit
    changed += (out[i] - batch[i]).abs().max().item<double>() > 0.1;
  }
  EXPECT_GT(changed, 80);  // rotation and zoom move almost every picture
  torch::Generator same = engine::make_generator(torch::kCPU, 21);
  torch::Generator other = engine::make_generator(torch::kCPU, 22);
  EXPECT_TRUE(torch::equal(augment_batch(batch, AugmentSettings{}, same), out));
  EXPECT_FALSE(torch::equal(augment_batch(batch, AugmentSettings{}, other), out));
}

TEST(ElasticAugment, TheReleasedOneByOneGridMovesNothingAFinerGridDoes) {
  // Augmentor's Distort moves interior grid vertices only; a 1×1 grid has none.
  AugmentSettings still;
  still.max_rotation = 0;
  still.zoom_min = still.zoom_max = 1.0;
  const torch::Tensor x = torch::stack({digit(7)});
  torch::Generator gen = engine::make_generator(torch::kCPU, 4);
  EXPECT_TRUE(torch::allclose(augment_batch(x, still, gen), x, 0, 1e-5));
  AugmentSettings grid = still;
  grid.grid_width = grid.grid_height = 4;
  grid.magnitude = 3;
  EXPECT_GT((augment_batch(x, grid, gen) - x).abs().max().item<double>(), 0.3);
}

TEST(ElasticInfoGan, ConfigErrorsNameTheField) {
  auto make = [](const Json& c) {
    return engine::make_model("elastic_infogan", c, context(), "m");
  };
  EXPECT_THROW(make(Json{{"prior", "bogus"}}), ConfigError);
  EXPECT_THROW(
      make(Json{{"prior", "ground_truth"}, {"num_classes", 3}, {"class_prior", {0.5, 0.5}}}),
      ConfigError);
  EXPECT_THROW(
      make(Json{{"prior", "ground_truth"}, {"num_classes", 3}, {"class_prior", {0.5, 0.3, 0.1}}}),
      ConfigError);
  EXPECT_THROW(make(Json{{"temperature", 0.0}}), ConfigError);
  EXPECT_THROW(make(Json{{"trans_temperature", -1.0}}), ConfigError);
  EXPECT_THROW(make(Json{{"lambda_trans", -1.0}}), ConfigError);
  EXPECT_THROW(make(Json{{"zoom_max", 0.5}}), ConfigError);
  EXPECT_THROW(make(Json{{"lamda_trans", 1.0}}), ConfigError);  // unknown key
  try {
    make(Json{{"num_classes", 1}});
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("m.num_classes"), std::string::npos) << e.what();
  }
  engine::ModelContext odd = context();
  odd.height = 30;  // two stride-2 stages need H, W divisible by 4
  EXPECT_THROW(engine::make_model("elastic_infogan", Json(), odd, "m"), ConfigError);
  EXPECT_THROW(make(Json{{"conv_stages", 7}}), ConfigError);
}

TEST(ElasticNetworks, StagesBringTheGridToSevenBySeven) {
  EXPECT_EQ(elastic_stages(28, 28, 0), 2);  // the released 7×7
  EXPECT_EQ(elastic_stages(16, 16, 0), 2);
  EXPECT_EQ(elastic_stages(32, 32, 0), 3);
  EXPECT_EQ(elastic_stages(64, 64, 0), 4);  // dSprites: 4×4
  EXPECT_EQ(elastic_stages(64, 64, 2), 2);  // as asked
  EXPECT_THROW(elastic_stages(28, 28, 3), ConfigError);
  ElasticTrunk trunk(1, 64, 64, 4);
  ElasticGenerator g(72, 1, 64, 64, 4);
  EXPECT_EQ(trunk->forward(torch::zeros({2, 1, 64, 64})).sizes(),
            (std::vector<std::int64_t>{2, 1024}));
  EXPECT_EQ(g->forward(torch::zeros({2, 72})).sizes(), (std::vector<std::int64_t>{2, 1, 64, 64}));
}

TEST(ElasticInfoGan, DefaultsAreThePapersMnistProtocol) {
  const Json c = engine::model_registry().get("elastic_infogan").defaults;
  EXPECT_EQ(c["num_classes"], 10);
  EXPECT_EQ(c["num_continuous"], 0);
  EXPECT_EQ(c["noise_dim"], 62);
  EXPECT_EQ(c["lambda_ent"], 0.0);
  EXPECT_EQ(c["lambda_trans"], 10.0);
  EXPECT_EQ(c["trans_temperature"], 1.0);
  EXPECT_EQ(c["generator_lr"], 2e-4);
  EXPECT_EQ(c["discriminator_lr"], 2e-4);
  // The released networks at 28×28 (parameter counts from infoGAN.py's layer list):
  // G: (72·1024 + 1024) + 2·1024 + (1024·6272 + 6272) + 2·6272 + (128·64·16 + 64) + 2·64
  //    + (64·1·16 + 1) = 6,650,433; trunk: (16·64 + 64) + (64·128·16 + 128) + 2·128
  //    + (6272·1024 + 1024) + 2·1024 = 6,558,144; D: 1025; Q head: (1024·128 + 128) + 2·128
  //    + (128·10 + 10) = 132,746; prior: 10.
  auto model = engine::make_model("elastic_infogan", Json(), context(), "m");
  auto* elastic = dynamic_cast<ElasticInfoGan*>(model.get());
  ASSERT_NE(elastic, nullptr);
  auto count = [](const std::vector<torch::Tensor>& ps) {
    std::int64_t n = 0;
    for (const auto& p : ps) n += p.numel();
    return n;
  };
  EXPECT_EQ(count(elastic->generator_group()), 6650433 + 132746 + 10);
  EXPECT_EQ(count(elastic->discriminator_group()), 6558144 + 1025);
}

TEST(ElasticInfoGan, EncodesProbabilitiesAndGeneratesPerClass) {
  auto model = engine::make_model(
      "elastic_infogan", Json{{"num_classes", 3}, {"num_continuous", 2}, {"factor", "shape"}},
      context(), "m");
  EXPECT_EQ(model->latent_dim(), 5);
  torch::Tensor z = model->encode(torch::rand({4, 1, 28, 28})).mean;
  ASSERT_EQ(z.sizes(), (std::vector<std::int64_t>{4, 5}));
  EXPECT_TRUE(torch::allclose(z.slice(1, 0, 3).sum(1), torch::ones({4}), 1e-5));
  torch::Generator gen = engine::make_generator(torch::kCPU, 1);
  auto* categorical = engine::capability<engine::CategoricalCodeModel>(*model);
  auto* sampling = engine::capability<engine::PriorSampling>(*model);
  ASSERT_NE(categorical, nullptr);
  ASSERT_NE(sampling, nullptr);
  const torch::Tensor x = categorical->generate_class(2, 3, gen);
  EXPECT_EQ(x.sizes(), (std::vector<std::int64_t>{3, 1, 28, 28}));
  EXPECT_GE(x.min().item<double>(), 0.0);  // tanh mapped back to [0,1]
  EXPECT_LE(x.max().item<double>(), 1.0);
  EXPECT_EQ(sampling->sample_images(3, gen).sizes(), (std::vector<std::int64_t>{3, 1, 28, 28}));
  const engine::CategoricalCode code = categorical->categorical_code();
  EXPECT_EQ(code.factor, "shape");
  for (double p : code.prior) EXPECT_NEAR(p, 1.0 / 3, 1e-6);
  EXPECT_THROW(categorical->generate_class(3, 1, gen), ConfigError);
}

TEST(ElasticInfoGan, TheTrunkLearnsFromTheAdversarialLossOnly) {
  // One step of two models that differ only in the info and contrastive weights: the D step runs
  // first and is the only step that moves the trunk, so its weights must match bit for bit, while
  // Q's head (in G's optimiser) must differ.
  auto with = [](double info, double trans) {
    return engine::make_model(
        "elastic_infogan", Json{{"lambda_info", info}, {"lambda_trans", trans}}, context(16), "m");
  };
  auto full = with(1.0, 10.0), adversarial_only = with(0.0, 0.0);
  auto* a = dynamic_cast<ElasticInfoGan*>(full.get());
  auto* b = dynamic_cast<ElasticInfoGan*>(adversarial_only.get());
  const torch::Tensor images = torch::rand({8, 1, 16, 16}, engine::make_generator(torch::kCPU, 3));
  std::vector<torch::Tensor> trunk_before;
  for (const auto& p : a->trunk()->parameters()) trunk_before.push_back(p.detach().clone());
  for (auto* m : {full.get(), adversarial_only.get()}) {
    engine::StepContext step{0, engine::make_generator(torch::kCPU, 7)};
    m->train_step(images, step);
  }
  const auto ta = a->trunk()->parameters(), tb = b->trunk()->parameters();
  bool moved = false;
  for (std::size_t i = 0; i < ta.size(); ++i) {
    EXPECT_TRUE(torch::equal(ta[i], tb[i])) << "trunk parameter " << i;
    moved = moved || !torch::equal(ta[i], trunk_before[i]);
  }
  EXPECT_TRUE(moved);  // the adversarial loss did train it
  const auto qa = a->q_head()->parameters(), qb = b->q_head()->parameters();
  EXPECT_FALSE(torch::equal(qa[0], qb[0]));
  // No trunk parameter sits in G's optimiser.
  for (const auto& g : a->generator_group())
    for (const auto& t : ta) EXPECT_FALSE(g.is_same(t));
}

TEST(ElasticInfoGan, AGroundTruthPriorWithoutValuesIsTheTrainingDatas) {
  // The MNIST splits each have their own class distribution: an empty class_prior takes the
  // training data's, and the config then holds it (evaluation rebuilds the model from it).
  engine::ModelContext ctx = context(16);
  ctx.factor_frequencies["shape"] = {0.5, 0.3, 0.2};
  const Json config{{"prior", "ground_truth"}, {"num_classes", 3}, {"factor", "shape"}};
  auto model = engine::make_model("elastic_infogan", config, ctx, "m");
  const auto p = dynamic_cast<ElasticInfoGan&>(*model).prior_probabilities();
  EXPECT_NEAR(p[0].item<double>(), 0.5, 1e-6);
  EXPECT_NEAR(p[2].item<double>(), 0.2, 1e-6);
  EXPECT_EQ(model->config()["class_prior"], Json({0.5, 0.3, 0.2}));
  auto rebuilt = engine::make_model("elastic_infogan", model->config(), context(16), "m");
  EXPECT_NEAR(dynamic_cast<ElasticInfoGan&>(*rebuilt).prior_probabilities()[1].item<double>(), 0.3,
              1e-6);
  EXPECT_THROW(engine::make_model("elastic_infogan", config, context(16), "m"),
               ConfigError);  // unknown
}

engine::TrainOptions tiny_run(const Json& config, const std::string& out) {
  engine::TrainOptions o;
  o.model = "elastic_infogan";
  o.model_config = config;
  o.dataset = "toy";
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

// 64 pictures of 16×16 whose first factor has 3 classes.
const test::ToyDataset& toy() {
  static const test::ToyDataset data({3, 4}, 16, 16, 1, 64, 9);
  return data;
}

Json three_classes(Json config = Json::object()) {
  config["num_classes"] = 3;
  config["factor"] = "factor0";
  return config;
}

TEST(ElasticInfoGan, TinyRunsTrainWithoutNanAndTheLearnedPriorMoves) {
  test::TempDir tmp;
  const auto full = tiny_run(three_classes(), tmp.file("full"));
  const auto result = engine::train(full, toy());  // NumericalError on any NaN/Inf loss
  const Json log = last_log_line(full.out);
  EXPECT_GT(log["trans"].get<double>(), 0.0);
  EXPECT_EQ(log["entropy"].get<double>(), 0.0);  // L_ent is off by default
  const double p0 = log["prior_0"].get<double>();
  EXPECT_GT(std::abs(p0 - 1.0 / 3), 1e-7);  // the Gumbel logits received gradients
  EXPECT_NEAR(p0 + log["prior_1"].get<double>() + log["prior_2"].get<double>(), 1.0, 1e-5);
  // Same seed, same bytes.
  EXPECT_EQ(engine::train(tiny_run(three_classes(), tmp.file("again")), toy()).digest,
            result.digest);

  const auto fixed = tiny_run(three_classes(Json{{"prior", "ground_truth"},
                                                 {"class_prior", {0.6, 0.3, 0.1}},
                                                 {"use_trans_loss", false},
                                                 {"lambda_ent", 1.0}}),
                              tmp.file("gt"));
  engine::train(fixed, toy());
  const Json gt = last_log_line(fixed.out);
  EXPECT_NEAR(gt["prior_0"].get<double>(), 0.6, 1e-6);
  EXPECT_EQ(gt["trans"].get<double>(), 0.0);

  // No class_prior: the trainer hands the model the held pictures' class frequencies.
  const auto from_data = tiny_run(three_classes(Json{{"prior", "ground_truth"}}), tmp.file("data"));
  engine::train(from_data, toy());
  double zeros = 0;
  for (std::int64_t i = 0; i < toy().size(); ++i) zeros += toy().classes()[i * 2] == 0;
  EXPECT_NEAR(last_log_line(from_data.out)["prior_0"].get<double>(), zeros / toy().size(), 1e-6);
}

TEST(ElasticInfoGan, ResumingIsBitwiseIdentical) {
  // δ's draws come from the step's noise generator, which the trainer checkpoints.
  test::TempDir tmp;
  auto straight = tiny_run(three_classes(), tmp.file("straight"));
  auto split = tiny_run(three_classes(), tmp.file("split"));
  split.checkpoint_every = 1;
  split.steps = 2;
  engine::train(split, toy());
  split.steps = 3;
  EXPECT_EQ(engine::train(split, toy()).digest, engine::train(straight, toy()).digest);
}

}  // namespace
}  // namespace fb::methods
