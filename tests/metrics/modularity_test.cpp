#include "metrics/modularity.h"

#include <gtest/gtest.h>

#include "core/error.h"
#include "metrics/metric.h"
#include "tests/metrics/code_sets.h"

namespace fb::metrics {
namespace {

TEST(Modularity, CodeSplitOverTwoOfTenFactorsScoresEightNinths) {
  Eigen::MatrixXd mi = Eigen::MatrixXd::Zero(10, 10);
  for (int i = 0; i < 10; ++i) mi(i, i) = mi(i, (i + 1) % 10) = 0.5;
  EXPECT_NEAR(modularity_from_mi(mi), 8.0 / 9.0, 1e-12);
}

TEST(Modularity, DeadCodeScoresZeroAndStaysInTheMean) {
  Eigen::MatrixXd mi(3, 2);
  mi << 1, 0, 0, 1, 0, 0;
  EXPECT_NEAR(modularity_from_mi(mi), 2.0 / 3.0, 1e-12);
}

TEST(Modularity, PerfectCodesScoreNearOne) {
  const Factors f = test::random_factors(2000, {2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 1);
  const double m = modularity(test::identity_codes(f), f);
  EXPECT_GT(m, 0.9);
  EXPECT_LE(m, 1.0);
}

TEST(Modularity, ConstantCodesScoreZero) {
  const Factors f = test::random_factors(400, {3, 5}, 2);
  EXPECT_EQ(modularity(Codes(Codes::Zero(400, 3)), f), 0.0);
}

TEST(Modularity, MismatchedRowsThrow) {
  EXPECT_THROW(modularity(Codes(Codes::Zero(5, 2)), Factors::Zero(6, 1)), DataError);
}

// The codes path (evaluate-codes, the Python package) scores with the configured `bins`.
TEST(Modularity, CodesPathUsesConfiguredBins) {
  const Factors f = test::random_factors(400, {3, 4, 5}, 6);
  Codes c = test::identity_codes(f);
  for (Eigen::Index i = 0; i < c.rows(); ++i) c(i, 1) += 0.3f * static_cast<float>(i % 5);
  const CodesView view = c;
  CodeInputs in;
  in.train_codes = in.test_codes = &view;
  in.train_factors = in.test_factors = &f;
  const Json three = make_metric("modularity", Json{{"bins", 3}})->evaluate_codes(in);
  EXPECT_EQ(three["modularity"].get<double>(), modularity(c, f, 3));
  EXPECT_NE(modularity(c, f, 3), modularity(c, f));
}

}  // namespace
}  // namespace fb::metrics
