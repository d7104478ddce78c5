#include "baselines/vae_losses.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace fb::baselines {
namespace {

torch::Tensor t2(std::vector<std::vector<double>> rows) {
  const auto r = static_cast<std::int64_t>(rows.size()),
             c = static_cast<std::int64_t>(rows[0].size());
  auto out = torch::empty({r, c}, torch::kFloat64);
  for (std::int64_t i = 0; i < r; ++i)
    for (std::int64_t j = 0; j < c; ++j) out[i][j] = rows[i][j];
  return out;
}

double value(const torch::Tensor& t) { return t.item<double>(); }

TEST(BernoulliReconstruction, SumsPixelsAndAveragesBatch) {
  // CE(logit 0, target 1) = ln 2; CE(ln 3, target 0) = ln 4; CE(0, target 0.5) = ln 2.
  auto logits = torch::tensor({0.0, std::log(3.0), 0.0, 0.0}, torch::kFloat64).view({2, 1, 1, 2});
  auto targets = torch::tensor({1.0, 0.0, 0.5, 0.5}, torch::kFloat64).view({2, 1, 1, 2});
  EXPECT_NEAR(value(bernoulli_reconstruction(logits, targets)),
              (3 * std::log(2.0) + 2 * std::log(2.0)) / 2, 1e-12);
}

TEST(GaussianKl, MatchesClosedForm) {
  // ½(μ² + σ² − logσ² − 1): (μ=1, σ²=1) → ½; (μ=0, σ²=2) → ½(1 − ln 2). Second row: all zeros →
  // ½(e⁰ − 1)=0.
  auto mean = t2({{1, 0}, {0, 0}});
  auto logvar = t2({{0, std::log(2.0)}, {0, 0}});
  EXPECT_NEAR(value(gaussian_kl(mean, logvar)), (0.5 + 0.5 * (1 - std::log(2.0))) / 2, 1e-12);
  auto per_dim = gaussian_kl_per_dim(mean, logvar);
  EXPECT_NEAR(per_dim[0][1].item<double>(), 0.5 * (1 - std::log(2.0)), 1e-12);
}

TEST(SampleGaussian, IsMeanPlusSigmaTimesEps) {
  auto mean = t2({{1, -2}});
  auto logvar = t2({{std::log(4.0), 0}});
  auto gen = at::detail::createCPUGenerator(7);
  auto z = sample_gaussian(mean, logvar, gen);
  auto gen2 = at::detail::createCPUGenerator(7);
  auto eps = torch::randn({1, 2}, gen2, torch::kFloat64);
  EXPECT_NEAR(z[0][0].item<double>(), 1 + 2 * eps[0][0].item<double>(), 1e-12);
  EXPECT_NEAR(z[0][1].item<double>(), -2 + eps[0][1].item<double>(), 1e-12);
}

TEST(AnnealedCapacity, GrowsLinearlyThenStays) {
  EXPECT_EQ(annealed_capacity(0, 25, 100000), 0.0);
  EXPECT_EQ(annealed_capacity(50000, 25, 100000), 12.5);
  EXPECT_EQ(annealed_capacity(100000, 25, 100000), 25.0);
  EXPECT_EQ(annealed_capacity(300000, 25, 100000), 25.0);
}

TEST(DipPenalty, CovarianceOfMeansIsBiased) {
  // μ = [[1,2],[3,4]]: E[μμᵀ] = [[5,7],[7,10]], E[μ]E[μ]ᵀ = [[4,6],[6,9]] → C = [[1,1],[1,1]].
  auto cov = dip_covariance_i(t2({{1, 2}, {3, 4}}));
  EXPECT_TRUE(torch::allclose(cov, t2({{1, 1}, {1, 1}})));
  // λ_od Σ_{i≠j} C² = 2·2 = 4; diagonal at 1 costs nothing.
  EXPECT_NEAR(value(dip_penalty(cov, 2.0, 3.0)), 4.0, 1e-12);
}

TEST(DipPenalty, TypeTwoAddsMeanEncoderVariance) {
  // E[σ²] = (1 + 3)/2 = 2 per dimension → C = [[3,1],[1,3]]; penalty 1·2 + 1·(2² + 2²) = 10.
  auto cov = dip_covariance_ii(t2({{1, 2}, {3, 4}}), t2({{0, 0}, {std::log(3.0), std::log(3.0)}}));
  EXPECT_TRUE(torch::allclose(cov, t2({{3, 1}, {1, 3}})));
  EXPECT_NEAR(value(dip_penalty(cov, 1.0, 1.0)), 10.0, 1e-12);
  EXPECT_NEAR(value(dip_penalty(cov, 0.0, 2.5)), 20.0, 1e-12);
}

TEST(GaussianLogDensity, AtTheMeanIsMinusHalfLog2Pi) {
  auto v = gaussian_log_density(t2({{0.3}}), t2({{0.3}}), t2({{0.0}}));
  EXPECT_NEAR(value(v), -0.5 * std::log(2 * M_PI), 1e-12);
  // σ² = e: −½((1)²/e + 1 + ln 2π) at distance 1.
  auto w = gaussian_log_density(t2({{1.0}}), t2({{0.0}}), t2({{1.0}}));
  EXPECT_NEAR(value(w), -0.5 * (std::exp(-1.0) + 1 + std::log(2 * M_PI)), 1e-12);
}

TEST(TotalCorrelationMws, MatchesBruteForce) {
  const int B = 5, D = 3;
  auto gen = at::detail::createCPUGenerator(3);
  auto z = torch::randn({B, D}, gen, torch::kFloat64);
  auto mean = torch::randn({B, D}, gen, torch::kFloat64);
  auto logvar = torch::randn({B, D}, gen, torch::kFloat64) * 0.5;
  auto L = [&](int j, int i, int l) {
    double zz = z[j][l].item<double>(), m = mean[i][l].item<double>(),
           lv = logvar[i][l].item<double>();
    return -0.5 * ((zz - m) * (zz - m) * std::exp(-lv) + lv + std::log(2 * M_PI));
  };
  auto logsumexp = [](const std::vector<double>& v) {
    double mx = *std::max_element(v.begin(), v.end()), s = 0;
    for (double x : v) s += std::exp(x - mx);
    return mx + std::log(s);
  };
  double tc = 0;
  for (int j = 0; j < B; ++j) {
    std::vector<double> joint;
    for (int i = 0; i < B; ++i) {
      double s = 0;
      for (int l = 0; l < D; ++l) s += L(j, i, l);
      joint.push_back(s);
    }
    double product = 0;
    for (int l = 0; l < D; ++l) {
      std::vector<double> marginal;
      for (int i = 0; i < B; ++i) marginal.push_back(L(j, i, l));
      product += logsumexp(marginal);
    }
    tc += logsumexp(joint) - product;
  }
  EXPECT_NEAR(value(total_correlation_mws(z, mean, logvar)), tc / B, 1e-10);
}

TEST(TotalCorrelationMws, IdenticalPosteriorsGiveTheReferenceAnchor) {
  // docs/protocols.md §4.8: B identical posteriors in d dims → −(d−1)·ln B = −37.430 for d = 10, B = 64.
  auto gen = at::detail::createCPUGenerator(5);
  auto mean = torch::randn({1, 10}, gen).expand({64, 10});
  auto logvar = (torch::randn({1, 10}, gen) * 0.3).expand({64, 10});
  auto z = torch::randn({64, 10}, gen);
  EXPECT_NEAR(value(total_correlation_mws(z, mean, logvar)), -9 * std::log(64.0), 1e-3);
  EXPECT_NEAR(value(total_correlation_mws(z, mean, logvar)), -37.430, 5e-4);
}

TEST(DiscriminatorTc, IsMeanLogitDifference) {
  EXPECT_NEAR(value(discriminator_tc(t2({{2, 1}, {0, 3}}))), -1.0, 1e-12);
}

TEST(DiscriminatorLoss, UninformedIsLn2AndProbabilitiesAreClipped) {
  EXPECT_NEAR(value(discriminator_loss(torch::zeros({4, 2}), torch::zeros({4, 2}))), std::log(2.0),
              1e-6);
  // p₀(z) → 1 is clipped to 1 − 1e−6, p₁(z_perm) → 0 is clipped to 1e−6.
  auto sure = t2({{100, -100}});
  EXPECT_NEAR(value(discriminator_loss(sure, sure)),
              -(0.5 * std::log(1 - 1e-6) + 0.5 * std::log(1e-6)), 1e-9);
}

TEST(DiscriminatorLossCr, AddsEpsilonInsideTheLogAndDoesNotClip) {
  EXPECT_NEAR(value(discriminator_loss_cr(torch::zeros({4, 2}), torch::zeros({4, 2}))),
              -std::log(0.5 + 1e-8), 1e-6);
  // p₀(z) = sigmoid(−4) and p₁(z_perm) = sigmoid(−40) ≈ 4e−18: the second term is −½·ln(1e−8 + ·),
  // not the −½·ln(1e−6) of the clipped loss.
  auto logits_z = t2({{-2, 2}}), logits_perm = t2({{20, -20}});
  const double p0 = 1 / (1 + std::exp(4.0)), p1 = 1 / (1 + std::exp(40.0));
  EXPECT_NEAR(value(discriminator_loss_cr(logits_z, logits_perm)),
              -0.5 * std::log(p0 + 1e-8) - 0.5 * std::log(p1 + 1e-8), 1e-5);
  EXPECT_GT(value(discriminator_loss_cr(logits_z, logits_perm)),
            value(discriminator_loss(logits_z, logits_perm)) + 2);
}

TEST(PermuteDims, PermutesEachColumnIndependently) {
  auto z = torch::arange(64, torch::kFloat32).view({16, 4}).contiguous();
  auto gen = at::detail::createCPUGenerator(11);
  auto p = permute_dims(z, gen);
  EXPECT_TRUE(torch::equal(std::get<0>(p.sort(0)), z));  // each column keeps its values
  EXPECT_FALSE(torch::equal(p, z));
  // Rows do not move as units: the columns' permutations differ.
  auto rank = (p - torch::arange(4, torch::kFloat32)) / 4;
  EXPECT_FALSE(torch::equal(rank.select(1, 0), rank.select(1, 1)));
}

}  // namespace
}  // namespace fb::baselines
