#include "metrics/ml/gradient_boosting.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/error.h"
#include "core/threads.h"

namespace fb::metrics::ml {
namespace {

// n rows; feature 0 decides the class (x0 = class), feature 1 is noise from a fixed pattern.
void separable(int n, int classes, Codes& x, Labels& y) {
  x.resize(n, 2);
  y.resize(n);
  for (int i = 0; i < n; ++i) {
    y[i] = i % classes;
    x(i, 0) = static_cast<float>(y[i]);
    x(i, 1) = static_cast<float>((i * 7919) % 13);
  }
}

TEST(GradientBoostingClassifier, FitsSeparableClassesWithAllImportanceOnTheInformativeFeature) {
  for (int classes : {2, 3}) {
    SCOPED_TRACE(classes);
    Codes x;
    Labels y;
    separable(60, classes, x, y);
    GradientBoostingClassifier gbt(GradientBoostingOptions{10, 0.1, 3});
    gbt.fit(x, y, 1);
    EXPECT_EQ(gbt.predict(x), y);
    EXPECT_EQ(gbt.predict_training(), y);
    // Nodes left with rounding-level impurity may still split on the noise feature, at no gain.
    EXPECT_NEAR(gbt.feature_importances()[0], 1.0, 1e-12);
    EXPECT_NEAR(gbt.feature_importances()[1], 0.0, 1e-12);
  }
}

TEST(GradientBoostingClassifier, FirstStageIsTheNewtonStepFromThePrior) {
  // Two classes split by one threshold, one stage of depth 1: raw = log-odds prior (0 for balanced
  // classes) + 0.1·Σr/Σp(1−p) per leaf = 0.1·(±0.5·n)/(0.25·n) = ±0.2.
  Codes x(4, 1);
  x << 0, 0, 1, 1;
  Labels y(4);
  y << 0, 0, 1, 1;
  GradientBoostingClassifier gbt(GradientBoostingOptions{1, 0.1, 1});
  gbt.fit(x, y, 0);
  const Eigen::MatrixXd raw = gbt.decision_function(x);
  EXPECT_NEAR(raw(0, 0), -0.2, 1e-12);
  EXPECT_NEAR(raw(3, 0), 0.2, 1e-12);
  // The threshold is the midpoint: 0.5 goes left, 0.50001 right.
  Codes probe(2, 1);
  probe << 0.5f, 0.50001f;
  const Eigen::MatrixXd side = gbt.decision_function(probe);
  EXPECT_LT(side(0, 0), 0.0);
  EXPECT_GT(side(1, 0), 0.0);
}

TEST(GradientBoostingClassifier, MulticlassLeafUsesTheKMinusOneOverKFactor) {
  // Three pure classes, one stage of depth 2: each class tree isolates its class. Prior 1/3 each,
  // so r = 2/3 in the class's leaf, p(1−p) = 2/9: value = (2/3)·(2/3)/(2/9) = 2, ×0.1 = 0.2 over
  // log(1/3).
  Codes x(3, 1);
  x << 0, 1, 2;
  Labels y(3);
  y << 0, 1, 2;
  GradientBoostingClassifier gbt(GradientBoostingOptions{1, 0.1, 2});
  gbt.fit(x, y, 0);
  const Eigen::MatrixXd raw = gbt.decision_function(x);
  EXPECT_NEAR(raw(0, 0), std::log(1.0 / 3.0) + 0.2, 1e-12);
  EXPECT_NEAR(raw(1, 1), std::log(1.0 / 3.0) + 0.2, 1e-12);
  EXPECT_EQ(gbt.predict(x), y);
}

TEST(GradientBoostingClassifier, BreaksTiesBetweenDuplicatedFeaturesAtRandomButDeterministically) {
  Codes x(200, 2);
  Labels y(200);
  for (int i = 0; i < 200; ++i) {
    y[i] = i % 4;
    x(i, 0) = x(i, 1) = static_cast<float>(y[i]) + 0.01f * static_cast<float>((i * 37) % 11);
  }
  GradientBoostingClassifier a, b;
  a.fit(x, y, 7);
  b.fit(x, y, 7);
  EXPECT_EQ(a.feature_importances(), b.feature_importances());
  // Random tie-breaking shares the importance between the copies (lowest-index would give [1, 0]).
  EXPECT_GT(a.feature_importances()[1], 0.3);
  EXPECT_LT(a.feature_importances()[1], 0.7);
}

TEST(GradientBoostingClassifier, SameResultOnOneThreadAndTwo) {
  Codes x(120, 3);
  Labels y(120);
  for (int i = 0; i < 120; ++i) {
    y[i] = i % 5;
    x(i, 0) = static_cast<float>(y[i]) + static_cast<float>((i * 31) % 7) * 0.3f;
    x(i, 1) = x(i, 0);
    x(i, 2) = static_cast<float>((i * 13) % 17);
  }
  const int before = configured_threads();
  configure_threads(1);
  GradientBoostingClassifier one(GradientBoostingOptions{20, 0.1, 3});
  one.fit(x, y, 3);
  configure_threads(2);
  GradientBoostingClassifier two(GradientBoostingOptions{20, 0.1, 3});
  two.fit(x, y, 3);
  configure_threads(before);
  EXPECT_EQ(one.feature_importances(), two.feature_importances());
  EXPECT_EQ(one.decision_function(x), two.decision_function(x));
}

TEST(GradientBoostingClassifier, ConstantFeaturesGiveNoSplitAndZeroImportance) {
  Codes x = Codes::Zero(10, 2);
  Labels y(10);
  y << 0, 1, 0, 1, 0, 1, 0, 1, 0, 1;
  GradientBoostingClassifier gbt(GradientBoostingOptions{5, 0.1, 3});
  gbt.fit(x, y, 0);
  EXPECT_EQ(gbt.feature_importances(), Eigen::VectorXd::Zero(2));
  EXPECT_EQ(gbt.predict(x), Labels::Zero(10));  // p = 0.5 exactly: the first class
}

TEST(GradientBoostingClassifier, RejectsBadInput) {
  GradientBoostingClassifier gbt;
  EXPECT_DEATH(gbt.predict(Codes::Zero(1, 1)),
               "predict before fit");  // a programming error: FB_CHECK
  EXPECT_THROW(gbt.fit(Codes::Zero(3, 1), Labels::Zero(2), 0), DataError);
  EXPECT_THROW(gbt.fit(Codes::Zero(3, 1), Labels::Zero(3), 0), DataError);
  EXPECT_THROW(gbt.fit(Codes::Zero(3, 0), Labels::LinSpaced(3, 0, 2), 0), DataError);
  Codes nan = Codes::Zero(2, 1);
  nan(0, 0) = std::nanf("");
  EXPECT_THROW(gbt.fit(nan, Labels::LinSpaced(2, 0, 1), 0), DataError);
}

}  // namespace
}  // namespace fb::metrics::ml
