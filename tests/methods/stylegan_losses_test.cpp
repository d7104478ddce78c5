// Info-/Semi-StyleGAN loss terms against hand computations, the Beta sampler's statistics, the code
// normalisation and the networks' parameter counts (docs/protocols.md §2.6, §6.4).
#include "methods/stylegan_losses.h"

#include <gtest/gtest.h>

#include <cmath>
#include <iostream>

#include "core/error.h"
#include "engine/runtime.h"
#include "methods/stylegan_networks.h"

namespace fb::methods {
namespace {

torch::Tensor rows(std::initializer_list<std::initializer_list<float>> values) {
  std::vector<torch::Tensor> out;
  for (auto r : values) out.push_back(torch::tensor(std::vector<float>(r)));
  return torch::stack(out);
}

double softplus(double x) { return std::log1p(std::exp(x)); }

TEST(StyleGanLosses, CodeReconstructionIsTheBatchMeanOfUnsquaredNorms) {
  // Row norms ‖(0.3, 0.4)‖ = 0.5 and ‖(−2, 0)‖ = 2: mean 1.25 (squared norms would give 2.125).
  auto predicted = rows({{0.3f, 0.4f}, {0.0f, 1.0f}}).requires_grad_();
  auto codes = rows({{0.0f, 0.0f}, {2.0f, 1.0f}});
  auto loss = code_reconstruction(predicted, codes);
  EXPECT_NEAR(loss.item<double>(), 1.25, 1e-6);
  loss.backward();
  // d/dp mean‖p − c‖ = (p − c)/(2‖p − c‖): (0.3, 0.4)/1 and (−2, 0)/4.
  EXPECT_TRUE(torch::allclose(predicted.grad(), rows({{0.3f, 0.4f}, {-0.5f, 0.0f}})));
}

TEST(StyleGanLosses, CodeReconstructionHasAFiniteGradientAtAPerfectCode) {
  auto predicted = rows({{0.5f, 0.5f}}).requires_grad_();
  auto loss = code_reconstruction(predicted, rows({{0.5f, 0.5f}}));
  EXPECT_EQ(loss.item<double>(), 0.0);
  loss.backward();
  EXPECT_TRUE(torch::isfinite(predicted.grad()).all().item<bool>());
}

TEST(StyleGanLosses, LogisticGanLossesMatchTheirDefinition) {
  auto real = torch::tensor({0.0f, 2.0f}), fake = torch::tensor({0.0f, -1.0f});
  const double d = (softplus(0) + softplus(-2)) / 2 + (softplus(0) + softplus(-1)) / 2;
  EXPECT_NEAR(discriminator_logistic(real, fake).item<double>(), d, 1e-6);
  const double g = (softplus(-0.0) + softplus(1.0)) / 2;
  EXPECT_NEAR(generator_logistic(fake).item<double>(), g, 1e-6);
}

TEST(StyleGanLosses, R1IsTheMeanSquaredGradientNormOnReals) {
  // D(x) = Σ x²: ∇ = 2x, so rows (1, 0) and (0, 3) give ‖∇‖² = 4 and 36, mean 20.
  auto x = rows({{1.0f, 0.0f}, {0.0f, 3.0f}}).requires_grad_();
  auto logits = x.pow(2).sum(1);
  auto r1 = r1_penalty(logits, x);
  EXPECT_NEAR(r1.item<double>(), 20.0, 1e-5);
  // It keeps a graph for the D step: d r1/dx = 8x / B.
  r1.backward();
  EXPECT_TRUE(torch::allclose(x.grad(), rows({{4.0f, 0.0f}, {0.0f, 12.0f}})));
}

TEST(StyleGanLosses, SmoothnessTermWithAFixedLambda) {
  // Eq. 5–6 with λ' = 0.75 and 0.6: x̃ = λ'x + (1−λ')x', c̃ likewise; E = the first two pixels.
  auto x = rows({{1, 0, 0}, {0, 1, 0}}), x_gen = rows({{0, 1, 1}, {1, 1, 0}});
  auto c = rows({{1, 0}, {0, 1}}), c_gen = rows({{0, 0}, {1, 1}});
  auto weights = torch::tensor({0.75f, 0.6f});
  auto mixed = mix(x, x_gen, weights);
  EXPECT_TRUE(torch::allclose(mixed, rows({{0.75f, 0.25f, 0.25f}, {0.4f, 1.0f, 0.0f}})));
  auto mixed_codes = mix(c, c_gen, weights);
  auto sr = code_reconstruction(mixed.slice(1, 0, 2), mixed_codes);
  // Row 1: E = (0.75, 0.25), c̃ = (0.75, 0): 0.25. Row 2: E = (0.4, 1), c̃ = (0.4, 1): 0.
  EXPECT_NEAR(sr.item<double>(), 0.125, 1e-6);
  // Images [B,C,H,W] mix per sample too.
  auto images = mix(torch::ones({2, 1, 2, 2}), torch::zeros({2, 1, 2, 2}), weights);
  EXPECT_NEAR(images[1].mean().item<double>(), 0.6, 1e-6);
}

TEST(StyleGanLosses, BetaSamplerHasTheRightMomentsAndIsSeeded) {
  for (auto [a, b] : {std::pair{0.75, 0.75}, std::pair{2.0, 5.0}}) {
    SCOPED_TRACE(std::to_string(a) + "," + std::to_string(b));
    auto gen = engine::make_generator(torch::kCPU, 11);
    auto draws = sample_beta(20000, a, b, gen, torch::kCPU).to(torch::kFloat64);
    const double mean = a / (a + b), var = a * b / ((a + b) * (a + b) * (a + b + 1));
    // Standard errors: ~0.0024 for the mean (ξ 0.75), ~0.0006 for the variance.
    EXPECT_NEAR(draws.mean().item<double>(), mean, 0.01);
    EXPECT_NEAR(draws.var(false).item<double>(), var, 0.004);
    EXPECT_GE(draws.min().item<double>(), 0.0);
    EXPECT_LE(draws.max().item<double>(), 1.0);
    auto one = engine::make_generator(torch::kCPU, 5), two = engine::make_generator(torch::kCPU, 5);
    EXPECT_TRUE(torch::equal(sample_beta(100, a, b, one, torch::kCPU),
                             sample_beta(100, a, b, two, torch::kCPU)));
  }
}

TEST(StyleGanLosses, MixUpWeightsFavourTheLabelledSample) {
  auto gen = engine::make_generator(torch::kCPU, 3);
  auto w = mixup_weights(5000, 0.75, gen, torch::kCPU);
  EXPECT_GE(w.min().item<float>(), 0.5f);
  EXPECT_LE(w.max().item<float>(), 1.0f);
  // E[max(λ, 1−λ)] for λ ~ Beta(0.75, 0.75): 0.77821 (scipy.integrate.quad of the density).
  EXPECT_NEAR(w.mean().item<double>(), 0.77821, 0.01);
}

TEST(StyleGanLosses, CodesAreClassesOverTheGridWidth) {
  // dSprites' grid: colour (1 value) is dropped; the rest map to class/(m−1).
  const std::vector<std::int64_t> sizes{1, 3, 6, 40, 32, 32}, kept{1, 2, 3, 4, 5};
  auto classes = torch::tensor({0, 2, 5, 0, 31, 16}, torch::kInt64).view({1, 6});
  auto codes = codes_from_classes(classes, sizes, kept);
  EXPECT_TRUE(torch::allclose(codes, rows({{1.0f, 1.0f, 0.0f, 1.0f, 16.0f / 31.0f}})));
}

double parameters(const std::string& width, int resolution, int channels, int codes) {
  auto arch = stylegan_architecture(width, resolution, channels, codes, "t");
  StyleGenerator g(arch);
  StyleDiscriminator d(arch);
  const double n = static_cast<double>(parameter_count(*g) + parameter_count(*d));
  std::cout << "[ params   ] " << width << " " << resolution << "x" << resolution << "x" << channels
            << " K=" << codes << ": " << n / 1e6 << "M (G " << parameter_count(*g) << ", D/E "
            << parameter_count(*d) << ")\n";
  return n;
}

TEST(StyleGanNetworks, ParameterCountsMatchThePaperWithinFivePercent) {
  // docs/protocols.md §2.6 / §6.4: dSprites 64×64×1 with 5 factors, Isaac3D 128×128×3 with 9.
  EXPECT_NEAR(parameters("small", 64, 1, 5) / 0.74e6, 1.0, 0.05);
  EXPECT_NEAR(parameters("full", 64, 1, 5) / 47.89e6, 1.0, 0.05);
  EXPECT_NEAR(parameters("small", 128, 3, 9) / 3.44e6, 1.0, 0.05);
  EXPECT_NEAR(parameters("full", 128, 3, 9) / 49.05e6, 1.0, 0.05);
}

TEST(StyleGanNetworks, ShapesAndRanges) {
  auto arch = stylegan_architecture("small", 64, 3, 4, "t");
  StyleGenerator g(arch);
  StyleDiscriminator d(arch);
  auto init = engine::make_generator(torch::kCPU, 1);
  g->initialise(init);
  d->initialise(init);
  auto images = g->forward(torch::rand({2, 4}), torch::randn({2, arch.noise_dim}));
  EXPECT_EQ(images.sizes(), (std::vector<std::int64_t>{2, 3, 64, 64}));
  EXPECT_GT(images.min().item<float>(), 0.0f);
  EXPECT_LT(images.max().item<float>(), 1.0f);
  auto out = d->forward(images);
  EXPECT_EQ(out.logit.sizes(), (std::vector<std::int64_t>{2}));
  EXPECT_EQ(out.codes.sizes(), (std::vector<std::int64_t>{2, 4}));
}

TEST(StyleGanNetworks, RejectsOtherWidthsAndResolutions) {
  EXPECT_THROW(stylegan_architecture("medium", 64, 1, 5, "m"), ConfigError);
  EXPECT_THROW(stylegan_architecture("small", 32, 1, 5, "m"), ConfigError);
}

}  // namespace
}  // namespace fb::methods
