#include "metrics/sap.h"

#include <gtest/gtest.h>

#include "code_sets.h"
#include "core/error.h"
#include "sklearn_tiny_sets.h"

namespace fb::metrics {
namespace {

TEST(Sap, MeanGapBetweenTheTwoBestCodes) {
  Eigen::MatrixXd scores(3, 2);
  scores << 1.0, 0.2, 0.5, 0.9, 0.1, 0.3;
  EXPECT_DOUBLE_EQ(sap_from_scores(scores), (0.5 + 0.6) / 2.0);
}

TEST(Sap, MatchesScikitLearnOnTheTinySet) {
  // sklearn_reference.py codes tiny.h5 (scikit-learn 1.2.1, LinearSVC C=0.01 balanced).
  const auto s = test::tiny_set();
  const SapResult r = sap(s.train, s.train_f, s.test, s.test_f);
  Eigen::MatrixXd expected(4, 2);
  expected << 0.695, 0.235, 0.33, 0.54, 0.49, 0.465, 0.33, 0.225;
  EXPECT_LE((r.scores - expected).cwiseAbs().maxCoeff(), 0.01);
  EXPECT_NEAR(r.sap, 0.14, 0.02);
}

TEST(Sap, DuplicatedAndConstantCodesHaveNoGap) {
  const Factors f = test::random_factors(300, {3, 4}, 2);
  const Codes dup = test::duplicated_codes(test::noisy_codes(test::identity_codes(f), 0.2, 3));
  EXPECT_DOUBLE_EQ(sap(dup, f, dup, f).sap, 0.0);  // identical accuracies for the copies
  const Codes zeros = Codes::Zero(300, 3);
  EXPECT_DOUBLE_EQ(sap(zeros, f, zeros, f).sap, 0.0);
}

TEST(Sap, ContinuousIdentityScoresNearOne) {
  const Factors f = test::random_factors(500, {5, 6, 7, 8, 9, 10, 11, 12, 13, 14}, 7);
  const Eigen::MatrixXd values = f.cast<double>();
  const double score = sap_continuous(test::identity_codes(f), values);
  EXPECT_GT(score, 0.9);
  EXPECT_LE(score, 1.0);
  EXPECT_DOUBLE_EQ(sap_continuous(Codes::Zero(500, 10), values), 0.0);
}

TEST(Sap, ContinuousScoreIsTheSquaredCorrelation) {
  Codes z(4, 2);
  z << 1, 0, 2, 0, 3, 0, 4, 0;  // code 1 constant: score 0
  Eigen::MatrixXd y(4, 1);
  y << 1, 3, 2, 4;  // corr(z0, y) = 0.8
  const Eigen::MatrixXd s = sap_continuous_scores(z, y);
  EXPECT_NEAR(s(0, 0), 0.64, 1e-12);
  EXPECT_EQ(s(1, 0), 0.0);
}

TEST(Sap, RejectsBadInput) {
  const Factors f = test::random_factors(20, {3}, 1);
  const Codes c = test::noisy_codes(Codes::Zero(20, 2), 1.0, 2);
  EXPECT_THROW(sap(Codes(c.leftCols(1)), f, Codes(c.leftCols(1)), f), DataError);  // D < 2
  EXPECT_THROW(sap(c, f, Codes(c.topRows(5)), f), DataError);
  EXPECT_THROW(sap(c, Factors::Zero(20, 1), c, f), DataError);
  EXPECT_THROW(sap_continuous(c, Eigen::MatrixXd::Zero(3, 1)), DataError);
}

}  // namespace
}  // namespace fb::metrics
