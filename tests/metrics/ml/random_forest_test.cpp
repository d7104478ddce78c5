#include "metrics/ml/random_forest.h"

#include <gtest/gtest.h>

#include "core/error.h"
#include "core/threads.h"

namespace fb::metrics::ml {
namespace {

TEST(RegressionTreeWeighted, ZeroWeightSamplesTakeNoPartAndMeansAreWeighted) {
  // x 0 1 2 3, y 0 0 10 20, weights 2 1 0 1: sample 2 is out; the best squared-error split
  // separates {0, 1} (mean 0) from {3} (mean 20); the root mean is (0·3 + 20)/4 = 5.
  Codes x(4, 1);
  x << 0, 1, 2, 3;
  const double y[] = {0.0, 0.0, 10.0, 20.0};
  const double w[] = {2.0, 1.0, 0.0, 1.0};
  RegressionTree tree;
  RegressionTree::Workspace ws;
  std::vector<int> leaf_of;
  Rng rng(0);
  tree.fit(PresortedFeatures(x), y, w, RegressionTree::Criterion::kSquaredError, 3, rng, leaf_of,
           ws);
  ASSERT_EQ(tree.nodes().size(), 3u);
  EXPECT_EQ(tree.nodes()[0].samples, 3);
  EXPECT_DOUBLE_EQ(tree.nodes()[0].weight, 4.0);
  EXPECT_DOUBLE_EQ(tree.nodes()[0].mean, 5.0);
  EXPECT_EQ(tree.nodes()[0].threshold, 2.0);  // midpoint of 1 and 3: sample 2 is not a neighbour
  EXPECT_EQ(leaf_of[2], -1);
  const float row[] = {3.0f};
  EXPECT_DOUBLE_EQ(tree.predict_mean(row), 20.0);
  // Importance: root 4·75 (variance of 0,0,0,20 weighted) minus pure children.
  double importance = 0.0;
  tree.accumulate_importance(&importance);
  EXPECT_DOUBLE_EQ(importance, 4.0 * 75.0);
}

TEST(RandomForest, LearnsAStepAndPutsAllImportanceOnTheSignal) {
  Codes x(64, 2);
  Eigen::VectorXd y(64);
  for (int i = 0; i < 64; ++i) {
    x(i, 0) = static_cast<float>(i % 8);
    x(i, 1) = 1.0f;  // constant: never split on
    y[i] = i % 8 < 4 ? -1.0 : 1.0;
  }
  RandomForestRegressor forest({10, 2});
  forest.fit(x, y, 1);
  EXPECT_DOUBLE_EQ(forest.feature_importances()[0], 1.0);
  EXPECT_DOUBLE_EQ(forest.feature_importances()[1], 0.0);
  EXPECT_DOUBLE_EQ(r2_score(y, forest.predict(x)), 1.0);
}

TEST(RandomForest, SameSeedSameBytesAtAnyThreadCount) {
  Codes x(50, 3);
  Eigen::VectorXd y(50);
  for (int i = 0; i < 50; ++i) {
    x.row(i) << static_cast<float>((i * 7) % 11), static_cast<float>((i * 3) % 5),
        static_cast<float>(i % 2);
    y[i] = x(i, 0) + 0.5 * x(i, 1) * x(i, 2);
  }
  RandomForestRegressor a({8, 3}), b({8, 3}), c({8, 3});
  configure_threads(1);
  a.fit(x, y, 5);
  configure_threads(2);
  b.fit(x, y, 5);
  configure_threads(0);
  c.fit(x, y, 6);
  EXPECT_EQ(a.feature_importances(), b.feature_importances());
  EXPECT_EQ(a.predict(x), b.predict(x));
  EXPECT_NE(a.predict(x), c.predict(x));
  EXPECT_NEAR(a.feature_importances().sum(), 1.0, 1e-12);
}

TEST(RandomForest, RejectsBadInput) {
  EXPECT_THROW(RandomForestRegressor({0, 2}), ConfigError);
  EXPECT_THROW(RandomForestRegressor({10, 0}), ConfigError);
  RandomForestRegressor f({2, 2});
  EXPECT_THROW(f.fit(Codes::Zero(3, 1), Eigen::VectorXd::Zero(2), 0), DataError);
}

TEST(R2Score, MatchesScikitLearnIncludingConstantTargets) {
  const Eigen::Vector3d y(1, 2, 3);
  EXPECT_DOUBLE_EQ(r2_score(y, y), 1.0);
  EXPECT_DOUBLE_EQ(r2_score(y, Eigen::Vector3d::Constant(2.0)), 0.0);
  EXPECT_DOUBLE_EQ(r2_score(y, Eigen::Vector3d(1, 2, 4)), 0.5);
  EXPECT_DOUBLE_EQ(r2_score(Eigen::Vector3d::Ones(), Eigen::Vector3d::Ones()), 1.0);
  EXPECT_DOUBLE_EQ(r2_score(Eigen::Vector3d::Ones(), Eigen::Vector3d(1, 1, 2)), 0.0);
}

// Predicting with an unfitted model is a programming error: an always-on invariant check, not a usage error.
TEST(RandomForestDeathTest, PredictBeforeFitIsAnInvariantFailure) {
  RandomForestRegressor f({2, 2});
  EXPECT_DEATH(f.predict(Codes::Zero(3, 1)), "RandomForestRegressor: predict before fit");
}

}  // namespace
}  // namespace fb::metrics::ml
