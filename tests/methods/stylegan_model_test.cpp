// Info-StyleGAN and Semi-StyleGAN as models: registry entries and configs, tiny training runs with
// the labelled subset, save → load, determinism, and a run through the trainer.
#include "methods/stylegan_model.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <sstream>

#include "core/error.h"
#include "core/threads.h"
#include "engine/capabilities.h"
#include "engine/checkpoint.h"
#include "engine/data_stream.h"
#include "engine/labelled_set.h"
#include "engine/run_dir.h"
#include "engine/runtime.h"
#include "engine/trainer.h"
#include "tests/support/dataset_images.h"
#include "tests/support/temp_dir.h"
#include "tests/support/toy_dataset.h"

namespace fb::methods {
namespace {

using engine::make_model;
using engine::ModelContext;

// A constant factor (dropped from the codes) and three varying ones: K = 3.
const std::vector<std::int64_t> kSizes{1, 3, 4, 5};

ModelContext context(std::uint64_t seed = 3, int channels = 1) {
  ModelContext ctx;
  ctx.channels = channels;
  ctx.seed = seed;
  ctx.factor_sizes = kSizes;
  return ctx;
}

const test::ToyDataset& toy() {
  static const test::ToyDataset dataset(kSizes, 64, 64, 1, 32, 7);
  return dataset;
}

struct Stepper {
  std::shared_ptr<const engine::LabelledSet> labelled = std::make_shared<const engine::LabelledSet>(
      engine::make_labelled_set(toy(), 0.25, 5, torch::kCPU));
  engine::StepContext ctx{0, engine::make_generator(torch::kCPU, 9)};
  engine::Losses step(engine::Model& model, std::int64_t batch = 2) {
    if (auto* semi = engine::capability<engine::SemiSupervised>(model))
      semi->use_labelled(labelled);
    std::vector<std::int64_t> rows;
    for (std::int64_t i = 0; i < batch; ++i) rows.push_back((ctx.step * batch + i) % toy().size());
    std::vector<std::uint8_t> pixels(rows.size() * toy().image_bytes());
    toy().gather(rows, pixels.data());
    auto images = engine::to_model_input(pixels.data(), batch, toy(), torch::kCPU);
    auto losses = model.train_step(images, ctx);
    ++ctx.step;
    return losses;
  }
};

torch::Tensor some_images(std::int64_t n) {
  auto gen = engine::make_generator(torch::kCPU, 4);
  return torch::rand({n, 1, 64, 64}, gen);
}

TEST(StyleGanModel, BothModelsTrainFiniteStepsAndCodeInTheUnitInterval) {
  configure_threads(1);
  for (const char* name : {"info_stylegan", "semi_stylegan"}) {
    SCOPED_TRACE(name);
    auto model = make_model(name, Json(), context(), name);
    EXPECT_EQ(model->latent_dim(), 3);
    Stepper stepper;
    auto losses = stepper.step(*model);
    EXPECT_EQ(losses[0].first, "loss");
    for (const auto& [n, v] : losses) EXPECT_TRUE(std::isfinite(v.item<double>())) << n;
    auto codes = model->encode(some_images(3)).mean;
    EXPECT_EQ(codes.sizes(), (std::vector<std::int64_t>{3, 3}));
    EXPECT_GT(codes.min().item<float>(), 0.0f);
    EXPECT_LT(codes.max().item<float>(), 1.0f);
    ASSERT_NE(engine::capability<engine::PriorSampling>(*model), nullptr);
    auto images = model->generate(torch::rand({2, 3}), torch::Tensor());
    EXPECT_EQ(images.sizes(), (std::vector<std::int64_t>{2, 1, 64, 64}));
    EXPECT_GE(images.min().item<float>(), 0.0f);
    EXPECT_LE(images.max().item<float>(), 1.0f);
    EXPECT_THROW(model->generate(torch::rand({2, 4}), torch::Tensor()), ConfigError);
  }
}

TEST(StyleGanModel, LossTermsFollowEachModelsObjective) {
  configure_threads(1);
  auto names = [](const engine::Losses& losses) {
    std::vector<std::string> out;
    for (const auto& l : losses) out.push_back(l.first);
    return out;
  };
  Stepper stepper;
  auto info = make_model("info_stylegan", Json(), context(), "m");
  EXPECT_EQ(names(stepper.step(*info)),
            (std::vector<std::string>{"loss", "generator_gan", "unsup_g", "discriminator_loss",
                                      "discriminator_gan", "r1", "unsup_e", "d_real", "d_fake"}));
  auto semi = make_model("semi_stylegan", Json(), context(), "m");
  auto losses = stepper.step(*semi);
  EXPECT_EQ(names(losses),
            (std::vector<std::string>{"loss", "generator_gan", "unsup_g", "sr_g",
                                      "discriminator_loss", "discriminator_gan", "r1", "unsup_e",
                                      "sup", "sr_e", "d_real", "d_fake"}));
  // L^(G) = L_GAN + γ_G·L_unsup + α·L_sr with the defaults γ_G 10, α 1.
  auto value = [&](const char* n) {
    for (const auto& [k, v] : losses)
      if (k == n) return v.item<double>();
    return std::nan("");
  };
  EXPECT_NEAR(value("loss"), value("generator_gan") + 10 * value("unsup_g") + value("sr_g"), 1e-4);
  // L^(D,E) = −L_GAN + 5·R1 + γ_E(0)·L_unsup + β(10)·L_sup + α(1)·L_sr.
  EXPECT_NEAR(value("discriminator_loss"),
              value("discriminator_gan") + 5 * value("r1") + 10 * value("sup") + value("sr_e"),
              1e-4);
}

TEST(StyleGanModel, SemiStyleGanNeedsItsLabelledSubset) {
  auto model = make_model("semi_stylegan", Json(), context(), "m");
  const auto* semi = engine::capability<engine::SemiSupervised>(*model);
  ASSERT_NE(semi, nullptr);
  EXPECT_DOUBLE_EQ(semi->labelled_fraction(), 0.01);
  engine::StepContext ctx{0, engine::make_generator(torch::kCPU, 1)};
  EXPECT_THROW(model->train_step(some_images(2), ctx), ConfigError);
  auto info = make_model("info_stylegan", Json(), context(), "m");
  EXPECT_EQ(engine::capability<engine::SemiSupervised>(*info), nullptr);
}

TEST(StyleGanModel, SaveThenLoadGivesTheSameDigestAndCodes) {
  configure_threads(1);
  for (const char* name : {"info_stylegan", "semi_stylegan"}) {
    SCOPED_TRACE(name);
    auto model = make_model(name, Json(), context(3, 3), name);
    auto color = test::ToyDataset(kSizes, 64, 64, 3, 8, 2);
    if (auto* semi = engine::capability<engine::SemiSupervised>(*model))
      semi->use_labelled(std::make_shared<const engine::LabelledSet>(
          engine::make_labelled_set(color, 0.5, 1, torch::kCPU)));
    engine::StepContext ctx{0, engine::make_generator(torch::kCPU, 2)};
    model->train_step(torch::rand({2, 3, 64, 64}), ctx);
    torch::serialize::OutputArchive out;
    model->save(out);
    std::stringstream bytes;
    out.save_to(bytes);
    auto copy = make_model(name, model->config(), context(4, 3), name);
    EXPECT_NE(copy->digest(), model->digest());
    torch::serialize::InputArchive in;
    in.load_from(bytes);
    copy->load(in);
    EXPECT_EQ(copy->digest(), model->digest());
    auto images = torch::rand({2, 3, 64, 64});
    EXPECT_TRUE(torch::equal(model->encode(images).mean, copy->encode(images).mean));
    auto codes = torch::rand({2, 3}),
         z = torch::randn({2, static_cast<StyleGanModel&>(*model).noise_dim()});
    EXPECT_TRUE(torch::equal(model->generate(codes, z), copy->generate(codes, z)));
  }
}

TEST(StyleGanModel, SameSeedSameDigestAfterThreeSteps) {
  configure_threads(1);
  auto run = [](std::uint64_t seed, int steps) {
    auto model = make_model("semi_stylegan", Json(), context(seed), "m");
    Stepper stepper;
    for (int s = 0; s < steps; ++s) stepper.step(*model, 1);
    return model->digest();
  };
  const auto a = run(3, 3);
  EXPECT_EQ(run(3, 3), a);
  EXPECT_NE(run(4, 0), run(3, 0));
}

std::string config_error(const std::string& model, const Json& config,
                         const ModelContext& ctx = context()) {
  try {
    make_model(model, config, ctx, model);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(StyleGanConfig, RejectsBadValuesNamingTheField) {
  EXPECT_NE(config_error("info_stylegan", {{"gama", 1}}).find("info_stylegan.gama: unknown key"),
            std::string::npos);
  EXPECT_NE(config_error("info_stylegan", {{"width", "medium"}}).find("info_stylegan.width"),
            std::string::npos);
  EXPECT_EQ(config_error("semi_stylegan", {{"gamma_e", -1}}),
            "semi_stylegan.gamma_e: must be >= 0 (got -1)");
  EXPECT_NE(config_error("semi_stylegan", {{"labelled_fraction", 0}}).find("labelled_fraction"),
            std::string::npos);
  EXPECT_NE(config_error("semi_stylegan", {{"xi", 0}}).find("semi_stylegan.xi"), std::string::npos);
  EXPECT_NE(config_error("semi_stylegan", {{"num_codes", 5}}).find("semi_stylegan.num_codes"),
            std::string::npos);
  EXPECT_NE(config_error("info_stylegan", Json(), ModelContext{}).find("num_codes"),
            std::string::npos);
  EXPECT_EQ(config_error("info_stylegan", {{"num_codes", 4}}, ModelContext{}), "");
  ModelContext small = context(), two = context();
  small.height = small.width = 32;
  two.channels = 2;
  for (const char* name : {"info_stylegan", "semi_stylegan"}) {
    EXPECT_NE(config_error(name, Json(), small), "") << name;
    EXPECT_NE(config_error(name, Json(), two), "") << name;
  }
}

TEST(StyleGanConfig, GammaSetsGammaGAndBetaUnlessGivenAndRoundTrips) {
  auto config = make_model("semi_stylegan", Json{{"gamma", 1}}, context(), "m")->config();
  EXPECT_EQ(config["gamma_g"], 1.0);
  EXPECT_EQ(config["beta"], 1.0);
  EXPECT_EQ(config["gamma_e"], 0.0);
  config = make_model("semi_stylegan", Json{{"gamma", 1}, {"beta", 3}}, context(), "m")->config();
  EXPECT_EQ(config["gamma_g"], 1.0);
  EXPECT_EQ(config["beta"], 3.0);
  for (const char* name : {"info_stylegan", "semi_stylegan"}) {
    const auto& entry = engine::model_registry().get(name);
    auto model = make_model(name, entry.defaults, context(), name);
    EXPECT_EQ(model->config(), entry.defaults) << name;
    EXPECT_EQ(make_model(name, model->config(), context(), name)->config(), model->config());
  }
}

TEST(LabelledSet, IsASeededSubsetWithItsLabels) {
  auto a = engine::make_labelled_set(toy(), 0.25, 5, torch::kCPU);
  ASSERT_EQ(a.size(), 8);  // round(0.25·32)
  EXPECT_EQ(a.indices, engine::make_labelled_set(toy(), 0.25, 5, torch::kCPU).indices);
  EXPECT_NE(a.indices, engine::make_labelled_set(toy(), 0.25, 6, torch::kCPU).indices);
  EXPECT_TRUE(std::is_sorted(a.indices.begin(), a.indices.end()));
  EXPECT_EQ(engine::make_labelled_set(toy(), 0.001, 5, torch::kCPU).size(), 1);  // at least one
  for (std::int64_t i = 0; i < a.size(); ++i) {
    const std::int64_t held = a.indices[i];
    for (std::int64_t k = 0; k < 4; ++k)
      EXPECT_EQ(a.classes[i][k].item<std::int64_t>(), toy().classes()[held * 4 + k]);
    auto image = a.images_at(torch::tensor({i}, torch::kInt64));
    auto expected =
        engine::to_model_input(test::image_of(toy(), held).data(), 1, toy(), torch::kCPU);
    EXPECT_TRUE(torch::equal(image, expected));
  }
  EXPECT_THROW(engine::make_labelled_set(toy(), 0.0, 5, torch::kCPU), ConfigError);
}

TEST(StyleGanModel, TrainsThroughTheTrainerAndReloadsFromTheRun) {
  configure_threads(1);
  test::TempDir tmp;
  engine::TrainOptions o;
  o.model = "semi_stylegan";
  o.model_config = Json{{"labelled_fraction", 0.1}};
  o.steps = 2;
  o.batch = 2;
  o.seed = 1;
  o.threads = 1;
  o.log_every = 1;
  o.out = tmp.file("run");
  auto result = engine::train(o, toy());
  EXPECT_EQ(result.steps, 2);
  auto reloaded = engine::load_run_model(engine::RunDir(o.out), torch::kCPU);
  EXPECT_EQ(reloaded->digest(), result.digest);
  EXPECT_EQ(reloaded->latent_dim(), 3);
}

TEST(StyleGanModel, ResumingARunIsBitwiseIdentical) {
  // The labelled rows come from the step's noise generator, which checkpoints already hold.
  configure_threads(1);
  test::TempDir tmp;
  engine::TrainOptions o;
  o.model = "semi_stylegan";
  o.model_config = Json{{"labelled_fraction", 0.25}};
  o.batch = 1;
  o.seed = 2;
  o.threads = 1;
  o.checkpoint_every = 1;
  o.steps = 3;
  o.out = tmp.file("straight");
  const auto straight = engine::train(o, toy());
  o.out = tmp.file("resumed");
  o.steps = 2;
  engine::train(o, toy());
  o.steps = 3;
  const auto resumed = engine::train(o, toy());
  EXPECT_EQ(resumed.resumed_from, 2);
  EXPECT_EQ(resumed.digest, straight.digest);
}

}  // namespace
}  // namespace fb::methods
