#include "metrics/udr.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/error.h"
#include "core/threads.h"
#include "sklearn_tiny_sets.h"

namespace fb::metrics {
namespace {

TEST(Udr, RelativeStrengthAnchors) {
  Eigen::Matrix3d block;
  block << 1, 1, 0, 1, 1, 0, 0, 0, 1;
  EXPECT_DOUBLE_EQ(udr_relative_strength(Eigen::Matrix3d::Identity()), 1.0);
  EXPECT_DOUBLE_EQ(udr_relative_strength(block), 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(udr_relative_strength(Eigen::Matrix3d::Ones()), 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(udr_relative_strength(Eigen::Matrix3d::Zero()), 0.0);
}

TEST(Udr, NanRowsAndColumnsCountAsZero) {
  Eigen::Matrix2d r;
  r << 1, std::nan(""), 0, 1;
  // Column 1 and row 0 hold NaN: 0; column 0: 1²/1 = 1; row 1: 1²/1 = 1.
  EXPECT_DOUBLE_EQ(udr_relative_strength(r), 0.5 * (0.5 + 0.5));
}

TEST(Udr, MatchesScikitLearnOnTheTinyModels) {
  // sklearn_reference.py udr udr_tiny_{0,1,2}.h5 [--method spearman] [--no-filter]
  // (scikit-learn 1.2.1).
  const auto models = test::tiny_udr();
  struct Case {
    UdrMethod method;
    bool filter;
    std::vector<double> expected;
  };
  const Case cases[] = {
      {UdrMethod::kLasso, true, {0.6136565, 0.5005645, 0.3823850}},
      {UdrMethod::kLasso, false, {0.5435670, 0.4052913, 0.3574199}},
      {UdrMethod::kSpearman, true, {0.6393594, 0.5353892, 0.4007075}},
      {UdrMethod::kSpearman, false, {0.3958369, 0.1975952, 0.3064360}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::to_string(static_cast<int>(c.method)) +
                 (c.filter ? " filtered" : " unfiltered"));
    UdrOptions options;
    options.filter_low_kl = c.filter;
    const UdrResult r = udr(models, c.method, options);
    for (int i = 0; i < 3; ++i) EXPECT_NEAR(r.model_scores[i], c.expected[i], 0.01);
    EXPECT_EQ(r.pairwise.diagonal(), Eigen::Vector3d::Zero());
  }
  // Pairwise Lasso is not symmetric: rows regress onto columns (sklearn: 0.7384 vs 0.7238).
  const UdrResult lasso = udr(models, UdrMethod::kLasso);
  EXPECT_NEAR(lasso.pairwise(0, 1), 0.7383609, 0.01);
  EXPECT_NEAR(lasso.pairwise(1, 0), 0.7238025, 0.01);
}

TEST(Udr, IdenticalModelsScoreOneUnderSpearmanAndPointNineUnderLasso) {
  // One latent each, identical: Spearman R = [[1]]; Lasso on the standardised latent shrinks the
  // weight from 1 to 1 − α = 0.9, and max²/sum = 0.9 (why a perfect match scores < 1 under UDR_L).
  std::vector<UdrModel> models(2);
  models[0].mean = test::tiny_udr()[0].mean.leftCols(1);
  models[0].kl = {1.0f};
  models[1] = models[0];
  EXPECT_NEAR(udr(models, UdrMethod::kSpearman).model_scores[0], 1.0, 1e-12);
  EXPECT_NEAR(udr(models, UdrMethod::kLasso).model_scores[0], 0.9, 1e-9);
}

TEST(Udr, KlThresholdIsStrict) {
  auto models = test::tiny_udr();
  models[0].kl = {0.01f, 1.0f, 1.0f};  // exactly the threshold: inactive and zeroed
  UdrOptions options;
  options.kl_threshold = 0.01f;  // compared as float: 0.01f is not > 0.01f
  const UdrResult r = udr(models, UdrMethod::kLasso, options);
  auto reference = test::tiny_udr();
  reference[0].mean.col(0).setZero();
  reference[0].kl = {0.0f, 1.0f, 1.0f};
  const UdrResult expected = udr(reference, UdrMethod::kLasso, options);
  EXPECT_LE((r.pairwise - expected.pairwise).cwiseAbs().maxCoeff(), 1e-12);
}

TEST(Udr, SameResultForAnyThreadCount) {
  const auto models = test::tiny_udr();
  const int before = configured_threads();
  configure_threads(1);
  const UdrResult one = udr(models, UdrMethod::kLasso);
  configure_threads(2);
  const UdrResult two = udr(models, UdrMethod::kLasso);
  configure_threads(before);
  EXPECT_EQ(one.pairwise, two.pairwise);
}

TEST(Udr, RejectsBadInput) {
  auto models = test::tiny_udr();
  EXPECT_THROW(udr({models[0]}, UdrMethod::kLasso), ConfigError);
  auto dead = models;
  dead[1].kl = {0.0f, 0.001f, 0.01f};
  EXPECT_THROW(udr(dead, UdrMethod::kLasso), DataError);  // no active latent
  auto short_kl = models;
  short_kl[2].kl = {1.0f};
  EXPECT_THROW(udr(short_kl, UdrMethod::kSpearman), DataError);
  auto fewer = models;
  fewer[1].mean = fewer[1].mean.topRows(100).eval();
  EXPECT_THROW(udr(fewer, UdrMethod::kLasso), DataError);
}

}  // namespace
}  // namespace fb::metrics
