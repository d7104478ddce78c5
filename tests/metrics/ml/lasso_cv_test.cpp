#include "metrics/ml/lasso_cv.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace fb::metrics::ml {
namespace {

TEST(KFold, FirstFoldsTakeTheRemainder) {
  const auto r = kfold_ranges(11, 5);
  ASSERT_EQ(r.size(), 5u);
  EXPECT_EQ(r[0], std::make_pair(Eigen::Index{0}, Eigen::Index{3}));
  EXPECT_EQ(r[1], std::make_pair(Eigen::Index{3}, Eigen::Index{5}));
  EXPECT_EQ(r[4], std::make_pair(Eigen::Index{9}, Eigen::Index{11}));
}

TEST(LassoCv, GridSpansAlphaMaxToEpsTimesIt) {
  Eigen::MatrixXd x(40, 2);
  Eigen::VectorXd y(40);
  for (int i = 0; i < 40; ++i) {
    x(i, 0) = i % 5;
    x(i, 1) = (i * 7) % 3;
    y[i] = 2.0 * x(i, 0) + 0.01 * ((i * 13) % 7);
  }
  const LassoCvResult r = lasso_cv(x, y);
  const Eigen::MatrixXd xc = x.rowwise() - x.colwise().mean();
  const Eigen::VectorXd yc = y.array() - y.mean();
  const double alpha_max = (xc.transpose() * yc).cwiseAbs().maxCoeff() / 40.0;
  ASSERT_EQ(r.alphas.size(), 100);
  EXPECT_NEAR(r.alphas[0], alpha_max, 1e-12 * alpha_max);
  EXPECT_NEAR(r.alphas[99], 1e-3 * alpha_max, 1e-12 * alpha_max);
  for (int a = 1; a < 100; ++a) EXPECT_LT(r.alphas[a], r.alphas[a - 1]);
  // Nearly noiseless linear target: the smallest penalties win and the slope is recovered.
  EXPECT_LT(r.alpha, 0.01 * alpha_max);
  EXPECT_NEAR(r.coef[0], 2.0, 0.01);
  EXPECT_NEAR(r.coef[1], 0.0, 0.01);
  // alpha_max zeroes every weight: the largest penalty's held-out MSE is the target's spread.
  EXPECT_GT(r.mean_mse[0], r.mean_mse[99]);
}

TEST(LassoCv, RejectsTooFewRows) {
  EXPECT_THROW(lasso_cv(Eigen::MatrixXd::Zero(4, 2), Eigen::VectorXd::Zero(4)), DataError);
  EXPECT_THROW(lasso_cv(Eigen::MatrixXd::Zero(6, 2), Eigen::VectorXd::Zero(5)), DataError);
}

}  // namespace
}  // namespace fb::metrics::ml
