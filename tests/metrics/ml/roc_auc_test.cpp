#include "metrics/ml/roc_auc.h"

#include <gtest/gtest.h>

#include <cmath>

namespace fb::metrics::ml {
namespace {

TEST(RocAuc, PerfectReversedAndTiedScores) {
  const Eigen::Vector4d scores(0.1, 0.2, 0.3, 0.4);
  EXPECT_DOUBLE_EQ(roc_auc(scores, {false, false, true, true}), 1.0);
  EXPECT_DOUBLE_EQ(roc_auc(scores, {true, true, false, false}), 0.0);
  EXPECT_DOUBLE_EQ(roc_auc(Eigen::Vector4d::Constant(0.5), {false, true, false, true}), 0.5);
}

TEST(RocAuc, CountsTiesAsHalf) {
  // Pairs (pos, neg): (0.5 vs 0.5) = ½, (0.5 vs 0.1) = 1, (0.9 vs 0.5) = 1, (0.9 vs 0.1) = 1 → 3.5
  // / 4.
  const Eigen::Vector4d scores(0.5, 0.9, 0.5, 0.1);
  EXPECT_DOUBLE_EQ(roc_auc(scores, {true, true, false, false}), 3.5 / 4.0);
}

TEST(RocAuc, UndefinedWithOneClass) {
  EXPECT_TRUE(std::isnan(roc_auc(Eigen::Vector2d(0.1, 0.2), {true, true})));
}

}  // namespace
}  // namespace fb::metrics::ml
