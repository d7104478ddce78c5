// The VAE family: its registry entries, networks, losses and configuration rules.
#include <gtest/gtest.h>

#include <cmath>

#include "baselines/factor_vae.h"
#include "baselines/vae_losses.h"
#include "baselines/vae_networks.h"
#include "core/config.h"
#include "core/error.h"
#include "engine/capabilities.h"
#include "engine/model.h"
#include "engine/runtime.h"

namespace fb::baselines {
namespace {

using engine::make_model;
using engine::model_registry;
using engine::ModelContext;

torch::Tensor binary_images(std::int64_t b, int channels, std::uint64_t seed) {
  auto gen = engine::make_generator(torch::kCPU, seed);
  return torch::rand({b, channels, 64, 64}, gen).lt(0.3).to(torch::kFloat32);
}

engine::StepContext step_context(std::uint64_t seed) {
  return {0, engine::make_generator(torch::kCPU, seed)};
}

TEST(ModelRegistry, HoldsTheVaeFamily) {
  for (const char* name :
       {"vae", "beta_vae", "annealed_vae", "factor_vae", "beta_tcvae", "dip_vae_1", "dip_vae_2"})
    EXPECT_TRUE(model_registry().contains(name)) << name;
}

// The VAE family's own contract, over every registered model that declares an `architecture` (the
// walk over every model, GANs included, is tests/methods/model_registry_walk_test.cpp).
std::vector<std::string> vae_family() {
  std::vector<std::string> names;
  for (const auto* entry : model_registry().entries())
    if (entry->defaults.contains("architecture")) names.push_back(entry->name);
  return names;
}

TEST(VaeFamily, BothArchitecturesGiveFiniteLossesAfterOneStep) {
  ASSERT_GE(vae_family().size(), 7u);
  for (const auto& name : vae_family()) {
    for (const char* arch : {"dlib", "cr"}) {
      SCOPED_TRACE(name + " " + arch);
      auto model = make_model(name, Json{{"architecture", arch}}, ModelContext{}, name);
      auto ctx = step_context(1);
      auto losses = model->train_step(binary_images(8, 1, 2), ctx);
      ASSERT_FALSE(losses.empty());
      EXPECT_EQ(losses[0].first, "loss");
      for (const auto& [term, value] : losses)
        EXPECT_TRUE(std::isfinite(value.item<double>())) << term;
    }
  }
}

TEST(VaeFamily, EncodesTenCodesWithALogVarianceFromColourImages) {
  auto images = binary_images(4, 3, 5);
  for (const auto& name : vae_family()) {
    SCOPED_TRACE(name);
    ModelContext ctx;
    ctx.channels = 3;
    auto model = make_model(name, Json(), ctx, name);
    auto encoding = model->encode(images);
    EXPECT_EQ(encoding.mean.sizes(), (std::vector<std::int64_t>{4, 10}));
    ASSERT_TRUE(encoding.logvar.defined());
    EXPECT_EQ(encoding.logvar.sizes(), (std::vector<std::int64_t>{4, 10}));
  }
}

TEST(VaeFamily, RejectsImagesOtherThan64By64GreyOrColour) {
  for (const auto& name : vae_family()) {
    SCOPED_TRACE(name);
    ModelContext small;
    small.height = small.width = 32;
    EXPECT_THROW(make_model(name, Json(), small, name), ConfigError);
    ModelContext two;
    two.channels = 2;
    EXPECT_THROW(make_model(name, Json(), two, name), ConfigError);
  }
}

TEST(ModelRegistry, SameSeedSameWeights) {
  ModelContext ctx;
  ctx.seed = 4;
  auto a = make_model("factor_vae", Json(), ctx, "m"),
       b = make_model("factor_vae", Json(), ctx, "m");
  EXPECT_EQ(a->digest(), b->digest());
  ctx.seed = 5;
  EXPECT_NE(make_model("factor_vae", Json(), ctx, "m")->digest(), a->digest());
}

std::string config_error(const std::string& model, const Json& config) {
  try {
    make_model(model, config, ModelContext{}, model);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(VaeConfig, OutOfRangeValuesNameThePath) {
  EXPECT_EQ(config_error("beta_vae", {{"beta", -1}}), "beta_vae.beta: must be > 0 (got -1)");
  EXPECT_NE(config_error("beta_vae", {{"beta", "four"}}).find("beta_vae.beta: expected a number"),
            std::string::npos);
  EXPECT_NE(config_error("vae", {{"beta", 2}}).find("vae.beta: unknown key"), std::string::npos);
  EXPECT_NE(config_error("factor_vae", {{"gamma", -2}}).find("factor_vae.gamma: must be >= 0"),
            std::string::npos);
  EXPECT_NE(config_error("annealed_vae", {{"iteration_threshold", 0}}).find("iteration_threshold"),
            std::string::npos);
  EXPECT_NE(
      config_error("dip_vae_1", {{"lambda_od", -1}}).find("dip_vae_1.lambda_od: must be >= 0"),
      std::string::npos);
  EXPECT_NE(config_error("vae", {{"latent_dim", 0}}).find("vae.latent_dim: must be in 1..1024"),
            std::string::npos);
  EXPECT_NE(config_error("vae", {{"architecture", "resnet"}}).find("expected dlib"),
            std::string::npos);
  EXPECT_NE(config_error("vae", {{"adam_beta1", 1.0}}).find("adam_beta1"), std::string::npos);
  EXPECT_THROW(make_model("beta_vea", Json(), ModelContext{}, "x"), UnknownName);
}

TEST(VaeConfig, DipLambdaDiagonalFollowsTheVariant) {
  auto one = make_model("dip_vae_1", Json{{"lambda_od", 5}}, ModelContext{}, "m")->config();
  auto two = make_model("dip_vae_2", Json{{"lambda_od", 5}}, ModelContext{}, "m")->config();
  EXPECT_EQ(one["lambda_d"].get<double>(), 50.0);
  EXPECT_EQ(two["lambda_d"].get<double>(), 5.0);
  auto given = make_model("dip_vae_1", Json{{"lambda_od", 5}, {"lambda_d", 1}}, ModelContext{}, "m")
                   ->config();
  EXPECT_EQ(given["lambda_d"].get<double>(), 1.0);
}

TEST(VaeNetworks, DlibInitialisationIsGlorotUniformWithZeroBiases) {
  Encoder encoder(Architecture::kDlib, 1, 10);
  auto gen = engine::make_generator(torch::kCPU, 1);
  initialise(*encoder, Architecture::kDlib, gen);
  for (const auto& item : encoder->named_parameters()) {
    SCOPED_TRACE(item.key());
    const auto& p = item.value();
    if (item.key().find("bias") != std::string::npos) {
      EXPECT_EQ(p.abs().max().item<float>(), 0.0f);
    } else if (p.dim() == 4) {
      const double limit = std::sqrt(6.0 / ((p.size(0) + p.size(1)) * p.size(2) * p.size(3)));
      EXPECT_LE(p.abs().max().item<double>(), limit);
      EXPECT_GT(p.abs().max().item<double>(), 0.9 * limit);
    }
  }
}

TEST(VaeNetworks, CrInitialisationIsNormalWithTruncatedConvolutions) {
  Encoder encoder(Architecture::kCr, 1, 10);
  auto gen = engine::make_generator(torch::kCPU, 1);
  initialise(*encoder, Architecture::kCr, gen);
  auto params = encoder->named_parameters();
  auto conv = params["trunk.2.weight"];  // conv 32 -> 32, 16384 weights
  EXPECT_LE(conv.abs().max().item<double>(), 0.04 + 1e-6);
  EXPECT_NEAR(conv.std().item<double>(), 0.02 * 0.8796,
              0.001);  // std of N(0,1) truncated at ±2: 0.8796
}

TEST(VaeNetworks, ShapesFollowTheArchitectures) {
  for (auto arch : {Architecture::kDlib, Architecture::kCr}) {
    Encoder encoder(arch, 3, 7);
    Decoder decoder(arch, 3, 7);
    auto [mean, logvar] = encoder->forward(torch::zeros({2, 3, 64, 64}));
    EXPECT_EQ(mean.sizes(), (std::vector<std::int64_t>{2, 7}));
    EXPECT_EQ(logvar.sizes(), (std::vector<std::int64_t>{2, 7}));
    EXPECT_EQ(decoder->forward(mean).sizes(), (std::vector<std::int64_t>{2, 3, 64, 64}));
  }
  for (auto arch : {Architecture::kDlib, Architecture::kCr}) {
    Discriminator d(arch, 10);
    EXPECT_EQ(d->forward(torch::zeros({5, 10})).sizes(), (std::vector<std::int64_t>{5, 2}));
  }
}

// Dense layers of a discriminator with their output widths.
std::vector<std::int64_t> dense_widths(const Discriminator& d) {
  std::vector<std::int64_t> widths;
  for (auto& m : d->modules(/*include_self=*/false))
    if (auto* l = m->as<torch::nn::Linear>()) widths.push_back(l->weight.size(0));
  return widths;
}

TEST(VaeNetworks, CrDiscriminatorHasFiveHiddenLayersDlibSix) {
  // InfoGAN-CR's TCDiscriminator(num_layers=6) loops range(num_layers − 1): 5 hidden layers.
  EXPECT_EQ(dense_widths(Discriminator(Architecture::kCr, 10)),
            (std::vector<std::int64_t>{1000, 1000, 1000, 1000, 1000, 2}));
  EXPECT_EQ(dense_widths(Discriminator(Architecture::kDlib, 10)),
            (std::vector<std::int64_t>{1000, 1000, 1000, 1000, 1000, 1000, 2}));
  auto model = make_model("factor_vae", Json{{"architecture", "cr"}}, ModelContext{}, "m");
  EXPECT_EQ(dense_widths(dynamic_cast<FactorVae&>(*model).discriminator()).size(), 6u);
}

TEST(VaeModel, GeneratesSigmoidMeans) {
  auto model = make_model("beta_vae", Json(), ModelContext{}, "m");
  ASSERT_NE(engine::capability<engine::PriorSampling>(*model), nullptr);
  auto images = model->generate(torch::zeros({3, 10}), torch::Tensor());
  EXPECT_EQ(images.sizes(), (std::vector<std::int64_t>{3, 1, 64, 64}));
  EXPECT_GE(images.min().item<float>(), 0.0f);
  EXPECT_LE(images.max().item<float>(), 1.0f);
}

TEST(FactorVae, StepsBothOptimisers) {
  auto model = make_model("factor_vae", Json(), ModelContext{}, "m");
  auto before = model->named_tensors();
  std::vector<torch::Tensor> copies;
  for (auto& [name, t] : before) copies.push_back(t.clone());
  auto ctx = step_context(2);
  auto losses = model->train_step(binary_images(8, 1, 1), ctx);
  std::vector<std::string> names;
  for (auto& l : losses) names.push_back(l.first);
  EXPECT_EQ(names,
            (std::vector<std::string>{"loss", "reconstruction", "kl", "tc", "discriminator_loss"}));
  bool encoder_moved = false, discriminator_moved = false;
  for (std::size_t i = 0; i < before.size(); ++i) {
    bool moved = !torch::equal(before[i].second, copies[i]);
    if (before[i].first.rfind("encoder.", 0) == 0) encoder_moved = encoder_moved || moved;
    if (before[i].first.rfind("discriminator.", 0) == 0)
      discriminator_moved = discriminator_moved || moved;
  }
  EXPECT_TRUE(encoder_moved);
  EXPECT_TRUE(discriminator_moved);
  // Untrained discriminator: the TC estimate is near 0 and its loss near ln 2.
  EXPECT_NEAR(losses[4].second.item<double>(), std::log(2.0), 0.1);
}

double loss_named(const engine::Losses& losses, const std::string& name) {
  for (const auto& [n, v] : losses)
    if (n == name) return v.item<double>();
  ADD_FAILURE() << "no loss " << name;
  return NAN;
}

// The discriminator loss a FactorVAE step logs, recomputed from its parts: `encoder_model`'s
// encoder, `twin`'s discriminator (an untouched copy: the weights before the step) and the step's
// noise stream replayed from `seed`, skipping `skip_eps` reparameterisation draws first.
double replayed_d_loss(engine::Model& encoder_model, engine::Model& twin,
                       const torch::Tensor& images, std::uint64_t seed, int skip_eps, bool cr) {
  torch::NoGradGuard no_grad;
  auto gen = engine::make_generator(torch::kCPU, seed);
  auto encoding = encoder_model.encode(images);
  for (int i = 0; i < skip_eps; ++i) torch::randn(encoding.mean.sizes(), gen);
  torch::Tensor z = sample_gaussian(encoding.mean, encoding.logvar, gen);
  Discriminator d = dynamic_cast<FactorVae&>(twin).discriminator();
  torch::Tensor logits_z = d->forward(z), logits_perm = d->forward(permute_dims(z, gen));
  return (cr ? discriminator_loss_cr(logits_z, logits_perm)
             : discriminator_loss(logits_z, logits_perm))
      .item<double>();
}

// A FactorVAE whose discriminator weights are scaled ×3 per layer: logits of order 1 instead of
// 1e−3, so the discriminator's loss is sensitive to which z it sees.
std::unique_ptr<engine::Model> sharp_factor_vae(const Json& config) {
  auto model = make_model("factor_vae", config, ModelContext{}, "m");
  torch::NoGradGuard no_grad;
  for (auto& p : dynamic_cast<FactorVae&>(*model).discriminator()->parameters()) p.mul_(3);
  return model;
}

TEST(FactorVae, CrDiscriminatorStepSeesTheUpdatedEncoderAndFreshDraws) {
  // A large VAE learning rate so that one step moves the encoder visibly.
  const Json config{{"architecture", "cr"}, {"lr", 0.01}};
  auto model = sharp_factor_vae(config);
  auto twin = sharp_factor_vae(config);  // untouched: the weights before the step
  auto images = binary_images(8, 1, 1);
  auto ctx = step_context(2);
  const double logged = loss_named(model->train_step(images, ctx), "discriminator_loss");
  // The updated encoder (model's, after the step), a second ε after the VAE step's, then a fresh
  // permutation; D's weights from before its own step.
  EXPECT_NEAR(logged, replayed_d_loss(*model, *twin, images, 2, /*skip_eps=*/1, true), 1e-5);
  // Each other reading gives another value: the pre-step encoder, or the VAE step's ε.
  EXPECT_GT(std::abs(logged - replayed_d_loss(*twin, *twin, images, 2, 1, true)), 1e-3);
  EXPECT_GT(std::abs(logged - replayed_d_loss(*model, *twin, images, 2, 0, true)), 1e-3);
  EXPECT_GT(std::abs(logged - replayed_d_loss(*twin, *twin, images, 2, 0, true)), 1e-3);
}

TEST(FactorVae, DlibUpdatesBothFromOneForward) {
  const Json config{{"lr", 0.01}};
  auto model = sharp_factor_vae(config);
  auto twin = sharp_factor_vae(config);
  auto images = binary_images(8, 1, 1);
  auto ctx = step_context(2);
  const double logged = loss_named(model->train_step(images, ctx), "discriminator_loss");
  EXPECT_NEAR(logged, replayed_d_loss(*twin, *twin, images, 2, /*skip_eps=*/0, false), 1e-5);
  EXPECT_GT(std::abs(logged - replayed_d_loss(*model, *twin, images, 2, 1, false)), 1e-3);
}

TEST(AnnealedVae, LogsTheCapacityOfTheStep) {
  auto model = make_model("annealed_vae", Json{{"c_max", 10}, {"iteration_threshold", 100}},
                          ModelContext{}, "m");
  engine::StepContext ctx{50, engine::make_generator(torch::kCPU, 1)};
  auto losses = model->train_step(binary_images(4, 1, 1), ctx);
  EXPECT_EQ(losses[3].first, "capacity");
  EXPECT_DOUBLE_EQ(losses[3].second.item<double>(), 5.0);
}

}  // namespace
}  // namespace fb::baselines
