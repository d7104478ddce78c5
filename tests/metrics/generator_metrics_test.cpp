#include "metrics/generator_metrics.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/error.h"
#include "tests/metrics/toy_encoder.h"

namespace fb::metrics {
namespace {

// A generator over a ToyDataset: normalised codes -> grid classes -> rendered bars. `ignore` = a
// factor whose code the generator ignores (always class 0), or -1. With `noise_dim` > 0 it also
// reads z: where z₀ > 0.5 it ignores factor `noise_ignores` too, so its controllability depends on z
// (at z = 0 it is a perfect generator).
NoisyGenerator toy_generator(const data::Dataset& ds, int ignore = -1, std::int64_t noise_dim = 0,
                             int noise_ignores = 0) {
  NoisyGenerator g;
  g.noise_dim = noise_dim;
  g.generate = [&ds, ignore, noise_dim, noise_ignores](const double* c, const double* z,
                                                       std::int64_t n, std::uint8_t* images) {
    const int K = ds.num_factors();
    std::vector<std::int64_t> classes(static_cast<std::size_t>(n * K));
    for (std::int64_t i = 0; i < n; ++i)
      for (int k = 0; k < K; ++k) {
        const auto m = ds.factors()[k].size();
        const bool dropped =
            k == ignore || (noise_dim > 0 && k == noise_ignores && z[i * noise_dim] > 0.5);
        classes[i * K + k] = dropped ? 0 : std::llround(c[i * K + k] * static_cast<double>(m - 1));
      }
    Rng unused(0);
    ds.render(classes.data(), n, unused, images);
  };
  if (noise_dim > 0)
    g.sample_noise = [noise_dim](std::int64_t n, std::uint64_t seed, double* z) {
      Rng rng(seed);
      for (std::int64_t i = 0; i < n * noise_dim; ++i) z[i] = rng.normal();
    };
  return g;
}

OracleEncoder toy_oracle(const data::Dataset& ds) {
  return [&ds](const std::uint8_t* images, std::int64_t n, double* out) {
    const int K = ds.num_factors();
    for (std::int64_t i = 0; i < n; ++i) {
      const auto cls = test::read_toy_classes(ds, images + i * ds.image_bytes());
      for (int k = 0; k < K; ++k)
        out[i * K + k] =
            static_cast<double>(cls[k]) / static_cast<double>(ds.factors()[k].size() - 1);
    }
  };
}

TEST(GeneratorMetrics, PerfectGeneratorScoresOneAndZeroDistance) {
  test::ToyDataset ds({3, 5, 4}, 16, 16, 1, 4);
  const auto r = generator_scores(toy_generator(ds), toy_oracle(ds), ds.factor_sizes(),
                                  ds.image_bytes(), 10, 1);
  EXPECT_NEAR(r.mig_gen, 1.0, 1e-12);
  EXPECT_NEAR(r.l2_gen, 0.0, 1e-12);
}

TEST(GeneratorMetrics, IgnoredCodeLosesItsShare) {
  test::ToyDataset ds({4, 4}, 16, 16, 1, 4);
  const auto r = generator_scores(toy_generator(ds, 1), toy_oracle(ds), ds.factor_sizes(),
                                  ds.image_bytes(), 10, 1);
  EXPECT_NEAR(r.mig_gen_per_factor(0), 1.0, 1e-12);
  EXPECT_NEAR(r.mig_gen_per_factor(1), 0.0, 1e-12);
  EXPECT_NEAR(r.mig_gen, 0.5, 1e-12);
  EXPECT_GT(r.l2_gen, 0.1);
}

// #16 item 16: the printed sum over n runs over samples of (c, z) with z ~ p_z. Scoring only z = 0
// (the old behaviour: one z, the zero vector) reads a generator whose output depends on z as
// perfect; averaging over N = 100 draws of z sees the share of z where it ignores factor 1.
TEST(GeneratorMetrics, AveragesOverNoiseSamplesNotZeroNoise) {
  test::ToyDataset ds({4, 4}, 16, 16, 1, 4);
  NoisyGenerator at_zero = toy_generator(ds, -1, 3, 1);
  at_zero.sample_noise = [](std::int64_t n, std::uint64_t, double* z) {
    std::fill(z, z + n * 3, 0.0);
  };
  const auto zero =
      generator_scores(at_zero, toy_oracle(ds), ds.factor_sizes(), ds.image_bytes(), 1, 1);
  const auto sampled = generator_scores(toy_generator(ds, -1, 3, 1), toy_oracle(ds),
                                        ds.factor_sizes(), ds.image_bytes(), 100, 1);
  EXPECT_NEAR(zero.mig_gen, 1.0, 1e-12);
  EXPECT_NEAR(zero.l2_gen, 0.0, 1e-12);
  EXPECT_NEAR(sampled.mig_gen_per_factor(0), 1.0, 1e-12);
  // P(z₀ > 0.5) ≈ 0.31 for z₀ ~ N(0, 1): factor 1 keeps its traversal on about 69 of 100 samples.
  EXPECT_GT(sampled.mig_gen_per_factor(1), 0.5);
  EXPECT_LT(sampled.mig_gen_per_factor(1), 0.85);
  EXPECT_LT(sampled.mig_gen, zero.mig_gen - 0.05);
  EXPECT_GT(sampled.l2_gen, 0.05);
}

// Each base sample keeps one z along all its traversals; the N base samples have N distinct z,
// drawn from the metric seed alone.
TEST(GeneratorMetrics, EachBaseSampleHoldsItsNoiseAlongItsTraversals) {
  test::ToyDataset ds({3, 5}, 16, 16, 1, 4);
  std::vector<double> seen;  // z₀ of every generated row, in call order
  NoisyGenerator g = toy_generator(ds, -1, 2, 0);
  const Generator inner = g.generate;
  g.generate = [&](const double* c, const double* z, std::int64_t n, std::uint8_t* images) {
    for (std::int64_t i = 0; i < n; ++i) seen.push_back(z[i * 2]);
    inner(c, z, n, images);
  };
  const std::int64_t num_base = 7;
  generator_scores(g, toy_oracle(ds), ds.factor_sizes(), ds.image_bytes(), num_base, 3);
  ASSERT_EQ(seen.size(), static_cast<std::size_t>(num_base * (3 + 5)));
  for (std::int64_t n = 0; n < num_base; ++n)
    for (std::int64_t t = 0; t < 3; ++t) EXPECT_EQ(seen[n * 3 + t], seen[n * 3]);
  for (std::int64_t n = 0; n < num_base; ++n)  // factor 1's traversals reuse the same base z
    for (std::int64_t t = 0; t < 5; ++t) EXPECT_EQ(seen[num_base * 3 + n * 5 + t], seen[n * 3]);
  for (std::int64_t a = 0; a < num_base; ++a)
    for (std::int64_t b = a + 1; b < num_base; ++b) EXPECT_NE(seen[a * 3], seen[b * 3]);
  const auto first = seen;
  seen.clear();
  generator_scores(g, toy_oracle(ds), ds.factor_sizes(), ds.image_bytes(), num_base, 3);
  EXPECT_EQ(seen, first);
}

TEST(GeneratorMetrics, FactorVaeGenOfIdentityEncoderIsOne) {
  test::ToyDataset ds({3, 5, 4}, 16, 16, 1, 4);
  const double s = factor_vae_gen(toy_generator(ds), test::identity_encoder(ds), 3,
                                  ds.factor_sizes(), ds.image_bytes(), 60, 10, 200, 5);
  EXPECT_NEAR(s, 1.0, 1e-12);
}

TEST(GeneratorMetrics, DefaultIsOneHundredBaseSamples) {
  for (const char* name : {"mig_gen", "l2_gen"}) {
    SCOPED_TRACE(name);
    EXPECT_EQ(metric_registry().get(name).defaults.at("num_base_samples"), 100);
  }
}

TEST(GeneratorMetrics, BadInputsThrow) {
  test::ToyDataset ds({3, 5}, 16, 16, 1, 4);
  EXPECT_THROW(generator_scores(toy_generator(ds), toy_oracle(ds), {}, ds.image_bytes(), 10, 1),
               ConfigError);
  EXPECT_THROW(generator_scores(toy_generator(ds), toy_oracle(ds), ds.factor_sizes(),
                                ds.image_bytes(), 0, 1),
               ConfigError);
  EXPECT_THROW(factor_vae_gen(toy_generator(ds), test::identity_encoder(ds), 0, ds.factor_sizes(),
                              ds.image_bytes(), 10, 10, 10, 1),
               ConfigError);
  NoisyGenerator no_prior = toy_generator(ds, -1, 2);
  no_prior.sample_noise = nullptr;  // a noise input needs its p_z
  EXPECT_THROW(
      generator_scores(no_prior, toy_oracle(ds), ds.factor_sizes(), ds.image_bytes(), 5, 1),
      ConfigError);
}

}  // namespace
}  // namespace fb::metrics
