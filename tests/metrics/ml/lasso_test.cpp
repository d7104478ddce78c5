#include "metrics/ml/lasso.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace fb::metrics::ml {
namespace {

// Orthogonal, centred design with XᵀX = N·I: the Lasso solution is soft-thresholding of the
// least-squares weights, w_j = sign(β_j)·max(|β_j| − α, 0), reached in one coordinate sweep.
TEST(Lasso, SoftThresholdsOnAnOrthogonalDesign) {
  Eigen::MatrixXd x(4, 2);
  x << 1, 1, 1, -1, -1, 1, -1, -1;
  const Eigen::Vector2d beta(0.5, -0.05);
  Eigen::MatrixXd y = x * beta;
  y.array() += 3.0;  // intercept
  Lasso lasso(LassoOptions{0.1, 1000, 1e-4});
  lasso.fit(x, y);
  EXPECT_NEAR(lasso.coef()(0, 0), 0.4, 1e-12);
  EXPECT_NEAR(lasso.coef()(0, 1), 0.0, 1e-12);
  EXPECT_NEAR(lasso.intercept()[0], 3.0, 1e-12);
}

TEST(Lasso, FitsEveryTargetColumnIndependently) {
  Eigen::MatrixXd x(4, 2);
  x << 1, 1, 1, -1, -1, 1, -1, -1;
  Eigen::MatrixXd y(4, 2);
  y.col(0) = x.col(1) * 2.0;
  y.col(1) = -x.col(0);
  Lasso lasso(LassoOptions{0.5, 1000, 1e-4});
  lasso.fit(x, y);
  EXPECT_NEAR(lasso.coef()(0, 1), 1.5, 1e-12);
  EXPECT_NEAR(lasso.coef()(1, 0), -0.5, 1e-12);
  EXPECT_EQ(lasso.coef()(0, 0), 0.0);
  EXPECT_EQ(lasso.coef()(1, 1), 0.0);
}

TEST(Lasso, ConstantColumnsAndTargetsGetZeroWeight) {
  Eigen::MatrixXd x(4, 2);
  x << 1, 7, 2, 7, 3, 7, 4, 7;
  Eigen::MatrixXd y = Eigen::MatrixXd::Constant(4, 1, 5.0);
  Lasso lasso(LassoOptions{0.1, 1000, 1e-4});
  lasso.fit(x, y);
  EXPECT_EQ(lasso.coef()(0, 0), 0.0);
  EXPECT_EQ(lasso.coef()(0, 1), 0.0);
  EXPECT_EQ(lasso.intercept()[0], 5.0);
}

TEST(Lasso, RejectsBadInput) {
  Lasso lasso;
  EXPECT_THROW(lasso.fit(Eigen::MatrixXd::Zero(3, 1), Eigen::MatrixXd::Zero(2, 1)), DataError);
  EXPECT_THROW(lasso.fit(Eigen::MatrixXd::Zero(0, 1), Eigen::MatrixXd::Zero(0, 1)), DataError);
}

}  // namespace
}  // namespace fb::metrics::ml
