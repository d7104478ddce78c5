// Properties of InfoGAN-CR's contrastive pair sampler (docs/protocols.md §2.4).
#include "methods/cr_pairs.h"

#include <gtest/gtest.h>

#include "baselines/spectral_norm.h"
#include "engine/runtime.h"

namespace fb::methods {
namespace {

constexpr std::int64_t kCodes = 5, kNoise = 5;

CrPairs draw(std::int64_t pairs, double gap, std::uint64_t seed = 1) {
  torch::Generator gen = engine::make_generator(torch::kCPU, seed);
  return sample_cr_pairs(pairs, kCodes, kNoise, gap, gen, torch::kCPU);
}

TEST(CrPairs, SharedCodeIsEqualAndNoiseIsShared) {
  const auto p = draw(2000, 0.5);
  ASSERT_EQ(p.latents.sizes(), (std::vector<std::int64_t>{4000, kCodes + kNoise}));
  ASSERT_EQ(p.index.sizes(), (std::vector<std::int64_t>{2000}));
  auto first = p.latents.slice(0, 0, 2000), second = p.latents.slice(0, 2000);
  auto idx = p.index.unsqueeze(1);
  EXPECT_TRUE(torch::equal(first.gather(1, idx), second.gather(1, idx)));
  EXPECT_TRUE(torch::equal(first.slice(1, kCodes), second.slice(1, kCodes)));
}

TEST(CrPairs, OtherCodesAreAtLeastTheGapApartAndInRange) {
  for (double gap : {0.0, 0.5, 1.0, 1.9}) {
    SCOPED_TRACE(gap);
    const auto p = draw(2000, gap, 7);
    EXPECT_LE(p.latents.abs().max().item<float>(), 1.0f);
    auto diff = (p.latents.slice(0, 0, 2000) - p.latents.slice(0, 2000)).slice(1, 0, kCodes).abs();
    auto others = torch::ones_like(diff, torch::kBool).scatter_(1, p.index.unsqueeze(1), false);
    EXPECT_GE(diff.masked_select(others).min().item<float>(), gap - 1e-6);
    if (gap == 1.9) {
      // One value in [0.9, 1], the other in [−1, −0.9].
      auto codes = p.latents.slice(1, 0, kCodes).abs();
      auto mask = torch::cat({others, others}, 0);
      EXPECT_GE(codes.masked_select(mask).min().item<float>(), 0.9f - 1e-6f);
    }
  }
}

TEST(CrPairs, SharedIndexIsUniform) {
  const std::int64_t n = 20000;
  const auto p = draw(n, 0.0, 11);
  auto counts = torch::bincount(p.index, {}, kCodes).to(torch::kFloat64);
  const double expected = static_cast<double>(n) / kCodes;
  const double chi2 = ((counts - expected).pow(2) / expected).sum().item<double>();
  EXPECT_LT(chi2, 18.47);  // χ²(4) at p = 0.999
  // Without a gap the non-shared codes are plain uniforms: mean ≈ 0, variance ≈ 1/3.
  auto codes = p.latents.slice(1, 0, kCodes);
  EXPECT_NEAR(codes.mean().item<double>(), 0.0, 0.01);
  EXPECT_NEAR(codes.var().item<double>(), 1.0 / 3.0, 0.01);
}

TEST(CrPairs, SameGeneratorStateGivesTheSameBatch) {
  EXPECT_TRUE(torch::equal(draw(64, 1.9, 5).latents, draw(64, 1.9, 5).latents));
  EXPECT_FALSE(torch::equal(draw(64, 1.9, 5).latents, draw(64, 1.9, 6).latents));
}

baselines::GanGenerator fresh_generator() {
  baselines::GanGenerator g(kCodes + kNoise, 1);
  torch::Generator init = engine::make_generator(torch::kCPU, 7);
  baselines::initialise_infogan(*g, init);
  g->train();
  return g;
}

// The generator's batch-norm running statistics, concatenated.
torch::Tensor running_stats(const baselines::GanGenerator& g) {
  std::vector<torch::Tensor> stats;
  for (const auto& b : g->named_buffers())
    if (b.key().find("running_") != std::string::npos) stats.push_back(b.value().flatten());
  return torch::cat(stats);
}

TEST(CrPairs, EachHalfIsItsOwnGeneratorForward) {
  torch::NoGradGuard no_grad;
  const auto p = draw(8, 0.0);
  auto pair_g = fresh_generator(), two_g = fresh_generator(), stacked_g = fresh_generator();
  const auto [first, second] = generate_pair_images(pair_g, p);
  const auto a = two_g->forward(p.latents.slice(0, 0, 8)),
             b = two_g->forward(p.latents.slice(0, 8));
  const auto stacked = stacked_g->forward(p.latents);
  // Two separate forwards: the same images and the same running statistics, bit for bit.
  EXPECT_TRUE(torch::equal(first, a));
  EXPECT_TRUE(torch::equal(second, b));
  EXPECT_TRUE(torch::equal(running_stats(pair_g), running_stats(two_g)));
  // A stacked 2B forward normalises with the statistics of both halves and updates them once.
  EXPECT_FALSE(torch::allclose(first, stacked.slice(0, 0, 8), 1e-4, 1e-5));
  EXPECT_FALSE(torch::allclose(running_stats(pair_g), running_stats(stacked_g), 1e-4, 1e-6));
}

}  // namespace
}  // namespace fb::methods
