#include "metrics/generator_metrics.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/error.h"
#include "tests/metrics/toy_encoder.h"

namespace fb::metrics {
namespace {

// A generator over a ToyDataset: normalised codes -> grid classes -> rendered bars. `ignore` = a
// factor whose code the generator ignores (always class 0), or -1.
Generator toy_generator(const data::Dataset& ds, int ignore = -1) {
  return [&ds, ignore](const double* c, std::int64_t n, std::uint8_t* images) {
    const int K = ds.num_factors();
    std::vector<std::int64_t> classes(static_cast<std::size_t>(n * K));
    for (std::int64_t i = 0; i < n; ++i)
      for (int k = 0; k < K; ++k) {
        const auto m = ds.factors()[k].size();
        classes[i * K + k] =
            k == ignore ? 0 : std::llround(c[i * K + k] * static_cast<double>(m - 1));
      }
    Rng unused(0);
    ds.render(classes.data(), n, unused, images);
  };
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

TEST(GeneratorMetrics, FactorScoreOfIdentityEncoderIsOne) {
  test::ToyDataset ds({3, 5, 4}, 16, 16, 1, 4);
  const double s = factor_score(toy_generator(ds), test::identity_encoder(ds), 3, ds.factor_sizes(),
                                ds.image_bytes(), 60, 10, 200, 5);
  EXPECT_NEAR(s, 1.0, 1e-12);
}

TEST(GeneratorMetrics, BadInputsThrow) {
  test::ToyDataset ds({3, 5}, 16, 16, 1, 4);
  EXPECT_THROW(generator_scores(toy_generator(ds), toy_oracle(ds), {}, ds.image_bytes(), 10, 1),
               ConfigError);
  EXPECT_THROW(generator_scores(toy_generator(ds), toy_oracle(ds), ds.factor_sizes(),
                                ds.image_bytes(), 0, 1),
               ConfigError);
  EXPECT_THROW(factor_score(toy_generator(ds), test::identity_encoder(ds), 0, ds.factor_sizes(),
                            ds.image_bytes(), 10, 10, 10, 1),
               ConfigError);
}

}  // namespace
}  // namespace fb::metrics
