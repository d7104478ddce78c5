#include "metrics/dci.h"

#include <gtest/gtest.h>

#include <cmath>

#include "code_sets.h"
#include "core/error.h"
#include "core/threads.h"
#include "sklearn_tiny_sets.h"

namespace fb::metrics {
namespace {

// Each code split equally over two factors (or each factor over two codes): 1 − ln2/ln10.
Eigen::MatrixXd split_over_two(int n) {
  Eigen::MatrixXd m = Eigen::MatrixXd::Zero(n, n);
  for (int i = 0; i < n; ++i) m(i, i) = m(i, (i + 1) % n) = 0.5;
  return m;
}

TEST(Dci, DisentanglementAnchors) {
  EXPECT_NEAR(dci_disentanglement(Eigen::MatrixXd::Identity(10, 10)), 1.0, 1e-8);
  EXPECT_NEAR(dci_disentanglement(Eigen::MatrixXd::Zero(10, 10)), 0.0, 1e-12);
  EXPECT_NEAR(dci_disentanglement(split_over_two(10)), 1.0 - std::log(2.0) / std::log(10.0), 1e-8);
  EXPECT_NEAR(1.0 - std::log(2.0) / std::log(10.0), 0.69897, 1e-5);
}

TEST(Dci, CompletenessAnchors) {
  EXPECT_NEAR(dci_completeness(Eigen::MatrixXd::Identity(10, 10)), 1.0, 1e-8);
  EXPECT_NEAR(dci_completeness(Eigen::MatrixXd::Zero(10, 10)), 0.0, 1e-12);
  EXPECT_NEAR(dci_completeness(split_over_two(10)), 0.69897, 1e-5);
  // A single factor (or code) has nothing to be entangled with.
  EXPECT_DOUBLE_EQ(dci_disentanglement(Eigen::MatrixXd::Ones(3, 1)), 1.0);
}

TEST(Dci, MatchesScikitLearnOnTheTinySet) {
  // sklearn_reference.py codes tiny.h5 (scikit-learn 1.2.1).
  const auto s = test::tiny_set();
  const DciResult r = dci(s.train, s.train_f, s.test, s.test_f, 0);
  EXPECT_NEAR(r.disentanglement, 0.7373682, 0.03);
  EXPECT_NEAR(r.completeness, 0.5013034, 0.03);
  EXPECT_NEAR(r.informativeness_train, 1.0, 0.02);
  EXPECT_NEAR(r.informativeness_test, 0.865, 0.02);
  ASSERT_EQ(r.importance.rows(), 4);
  ASSERT_EQ(r.importance.cols(), 2);
  EXPECT_NEAR(r.importance(0, 0), 0.782, 0.03);
  EXPECT_NEAR(r.importance(1, 1), 0.759, 0.03);
}

TEST(Dci, IdentityRepresentationScoresNearOne) {
  const Factors f = test::random_factors(300, {2, 3, 2, 3, 2, 3, 2, 3, 2, 3}, 11);
  const Factors g = test::random_factors(100, {2, 3, 2, 3, 2, 3, 2, 3, 2, 3}, 12);
  const DciResult r = dci(test::identity_codes(f), f, test::identity_codes(g), g, 0);
  EXPECT_GT(r.disentanglement, 0.9);
  EXPECT_LE(r.disentanglement, 1.0);
  EXPECT_GT(r.completeness, 0.9);
  EXPECT_LE(r.completeness, 1.0);
  EXPECT_DOUBLE_EQ(r.informativeness_test, 1.0);
}

TEST(Dci, ConstantRepresentationScoresZero) {
  const Factors f = test::random_factors(200, {3, 4}, 5);
  const Codes zeros = Codes::Zero(200, 3);
  const DciResult r = dci(zeros, f, zeros, f, 0);
  EXPECT_EQ(r.importance, Eigen::MatrixXd::Zero(3, 2));
  EXPECT_NEAR(r.disentanglement, 0.0, 1e-12);
  EXPECT_NEAR(r.completeness, 0.0, 1e-12);
}

TEST(Dci, DuplicatedCodesShareImportanceThroughRandomTieBreaking) {
  // Each factor's code twice: ties between the copies are drawn at random, so each factor's
  // importance splits about evenly (completeness near 1 − ln2/ln6 = 0.61); lowest-index
  // tie-breaking would give 1.
  const Factors f = test::random_factors(300, {4, 4, 4}, 3);
  const Codes c = test::duplicated_codes(test::noisy_codes(test::identity_codes(f), 0.3, 4));
  const DciResult r = dci(c, f, c, f, 9);
  EXPECT_GT(r.completeness, 0.5);
  EXPECT_LT(r.completeness, 0.75);
}

TEST(Dci, SameResultForAnyThreadCount) {
  const auto s = test::tiny_set();
  const int before = configured_threads();
  configure_threads(1);
  const DciResult one = dci(s.train, s.train_f, s.test, s.test_f, 5);
  configure_threads(2);
  const DciResult two = dci(s.train, s.train_f, s.test, s.test_f, 5);
  configure_threads(before);
  EXPECT_EQ(one.importance, two.importance);
  EXPECT_EQ(one.informativeness_test, two.informativeness_test);
}

TEST(Dci, RejectsBadInput) {
  const Factors f = test::random_factors(20, {3}, 1);
  const Codes c = test::identity_codes(f);
  EXPECT_THROW(dci(c, f, Codes(c.topRows(10)), f, 0), DataError);     // N differs from factors
  EXPECT_THROW(dci(Codes(20, 0), f, Codes(20, 0), f, 0), DataError);  // D == 0
  EXPECT_THROW(dci(c, Factors::Zero(20, 1), c, f, 0), DataError);     // one class
  Codes nan = c;
  nan(0, 0) = std::nanf("");
  EXPECT_THROW(dci(nan, f, c, f, 0), DataError);
}

}  // namespace
}  // namespace fb::metrics
