#include "metrics/ml/regression_tree.h"

#include <gtest/gtest.h>

namespace fb::metrics::ml {
namespace {

TEST(RegressionTree, NeighboursWithin1e7AreOneValue) {
  Codes close(2, 1), apart(2, 1);
  close << 0.0f, 5e-8f;
  apart << 0.0f, 2e-7f;
  const double target[] = {0.0, 1.0};
  std::vector<int> leaf_of;
  Rng rng(0);
  RegressionTree tree;
  RegressionTree::Workspace ws;
  tree.fit(PresortedFeatures(close), target, 3, rng, leaf_of, ws);
  EXPECT_FALSE(tree.has_split());
  tree.fit(PresortedFeatures(apart), target, 3, rng, leaf_of, ws);
  ASSERT_TRUE(tree.has_split());
  EXPECT_EQ(tree.nodes()[0].threshold, 0.0 / 2.0 + static_cast<double>(2e-7f) / 2.0);
  EXPECT_NE(leaf_of[0], leaf_of[1]);
}

TEST(RegressionTree, PicksTheBestFriedmanSplitAndTheLowestThresholdOnTies) {
  // Target 0 0 1 1 on x 0 1 2 3: the split at 1.5 separates the means; depth 1.
  Codes x(4, 1);
  x << 0, 1, 2, 3;
  const double step[] = {0.0, 0.0, 1.0, 1.0};
  std::vector<int> leaf_of;
  Rng rng(0);
  RegressionTree tree;
  RegressionTree::Workspace ws;
  tree.fit(PresortedFeatures(x), step, 1, rng, leaf_of, ws);
  EXPECT_EQ(tree.nodes()[0].threshold, 1.5);
  // Symmetric target 1 0 0 1: splits at 0.5 and 2.5 are equally good, the lower one wins.
  const double symmetric[] = {1.0, 0.0, 0.0, 1.0};
  tree.fit(PresortedFeatures(x), symmetric, 1, rng, leaf_of, ws);
  EXPECT_EQ(tree.nodes()[0].threshold, 0.5);
}

TEST(RegressionTree, ImportanceIsTheWeightedImpurityDecrease) {
  // Root impurity of 0 0 1 1 is 0.25 over 4 samples; pure children: decrease 4·0.25 = 1.
  Codes x(4, 1);
  x << 0, 1, 2, 3;
  const double step[] = {0.0, 0.0, 1.0, 1.0};
  std::vector<int> leaf_of;
  Rng rng(0);
  RegressionTree tree;
  RegressionTree::Workspace ws;
  tree.fit(PresortedFeatures(x), step, 3, rng, leaf_of, ws);
  double importance = 0.0;
  tree.accumulate_importance(&importance);
  EXPECT_DOUBLE_EQ(importance, 1.0);
  EXPECT_EQ(tree.nodes().size(), 3u);  // pure children (impurity 0) stay leaves
}

}  // namespace
}  // namespace fb::metrics::ml
