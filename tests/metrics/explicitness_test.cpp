#include "metrics/explicitness.h"

#include <gtest/gtest.h>

#include <cmath>

#include "code_sets.h"
#include "core/error.h"
#include "metrics/metric.h"
#include "sklearn_tiny_sets.h"

namespace fb::metrics {
namespace {

TEST(Explicitness, MatchesScikitLearnOnTheTinySetInBothEras) {
  // sklearn_reference.py codes tiny.h5 --era paper|current (scikit-learn 1.2.1).
  const auto s = test::tiny_set();
  const ExplicitnessResult paper =
      explicitness(s.train, s.train_f, s.test, s.test_f, SklearnEra::kPaper);
  EXPECT_NEAR(paper.train, 0.9716511, 0.02);
  EXPECT_NEAR(paper.test, 0.9657030, 0.02);
  const ExplicitnessResult current =
      explicitness(s.train, s.train_f, s.test, s.test_f, SklearnEra::kCurrent);
  EXPECT_NEAR(current.train, 0.9806672, 0.02);
  EXPECT_NEAR(current.test, 0.9764787, 0.02);
}

TEST(Explicitness, CrProtocolFitsRawCodesAsScikitLearn) {
  // InfoGAN-CR's metric.py fits LogisticRegression() on the raw codes. Codes far from zero mean and
  // unit scale, where standardising changes the score (scikit-learn 1.2.1 on these rows: raw
  // 0.7909796 paper era (liblinear OvR, the <= 0.21 default) and 0.8108169 current era; standardised
  // 0.9117669 paper era).
  constexpr int n = 90;
  Factors f(n, 2);
  Codes c(n, 3);
  for (int i = 0; i < n; ++i) {
    f(i, 0) = i % 3;
    f(i, 1) = (i * 7) % 4;
    c(i, 0) = static_cast<float>(0.05 * (f(i, 0) + 0.8 * std::sin(1.3 * i)) + 30);
    c(i, 1) = static_cast<float>(20 * (0.5 * f(i, 1) + 0.5 * std::cos(0.7 * i)) - 5);
    c(i, 2) = static_cast<float>(0.02 * std::sin(2.1 * i) + 100);
  }
  const auto raw = explicitness_scaling(Protocol::kCr);
  EXPECT_EQ(raw, ExplicitnessScaling::kRaw);
  EXPECT_EQ(explicitness_scaling(Protocol::kDl), ExplicitnessScaling::kStandardise);
  EXPECT_NEAR(explicitness(c, f, c, f, SklearnEra::kPaper, raw).train, 0.7909796, 0.005);
  EXPECT_NEAR(explicitness(c, f, c, f, SklearnEra::kCurrent, raw).train, 0.8108169, 0.005);
  EXPECT_NEAR(explicitness(c, f, c, f, SklearnEra::kPaper).train, 0.9117669, 0.005);
}

TEST(Explicitness, IdentityRepresentationScoresNearOne) {
  const Factors f = test::random_factors(300, {2, 3, 2, 3, 2, 3, 2, 3, 2, 3}, 21);
  const Factors g = test::random_factors(100, {2, 3, 2, 3, 2, 3, 2, 3, 2, 3}, 22);
  const ExplicitnessResult r = explicitness(test::identity_codes(f), f, test::identity_codes(g), g);
  EXPECT_GT(r.train, 0.9);
  EXPECT_LE(r.train, 1.0);
  EXPECT_GT(r.test, 0.9);
  EXPECT_LE(r.test, 1.0);
}

TEST(Explicitness, ConstantRepresentationIsAtChance) {
  // An AUC: identical probabilities for every row give exactly 0.5.
  const Factors f = test::random_factors(200, {3, 4}, 5);
  const Codes zeros = Codes::Zero(200, 4);
  const ExplicitnessResult r = explicitness(zeros, f, zeros, f);
  EXPECT_DOUBLE_EQ(r.train, 0.5);
  EXPECT_DOUBLE_EQ(r.test, 0.5);
}

TEST(Explicitness, DeadCodesDoNotChangeTheScore) {
  const auto s = test::tiny_set();
  Codes train(s.train.rows(), 5), test(s.test.rows(), 5);
  train << s.train, Eigen::VectorXf::Constant(s.train.rows(), 3.0f);
  test << s.test, Eigen::VectorXf::Constant(s.test.rows(), 3.0f);
  const ExplicitnessResult with_dead = explicitness(train, s.train_f, test, s.test_f);
  const ExplicitnessResult without = explicitness(s.train, s.train_f, s.test, s.test_f);
  EXPECT_NEAR(with_dead.train, without.train, 1e-9);
  EXPECT_NEAR(with_dead.test, without.test, 1e-9);
}

TEST(Explicitness, RejectsBadInput) {
  const Factors f = test::random_factors(20, {3}, 1);
  const Codes c = test::identity_codes(f);
  EXPECT_THROW(explicitness(c, f, Codes(c.topRows(3)), f), DataError);
  EXPECT_THROW(explicitness(c, Factors::Zero(20, 1), c, f), DataError);
  EXPECT_THROW(explicitness(c, f, Codes(c.topRows(1)), f.topRows(1)),
               DataError);  // test split: one class
}

}  // namespace
}  // namespace fb::metrics
