#include "metrics/frechet_distance.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "core/error.h"

namespace fb::metrics {
namespace {

TEST(FrechetDistance, DiagonalCovariancesMatchClosedForm) {
  // For diagonal Σ: Σ_i (μa_i − μb_i)² + (√σa_i − √σb_i)² (σ = variances).
  GaussianFit a{Eigen::Vector3d(0, 1, 2), Eigen::Vector3d(1, 4, 9).asDiagonal()};
  GaussianFit b{Eigen::Vector3d(1, 1, 0), Eigen::Vector3d(4, 1, 16).asDiagonal()};
  const double expected = (1 + 0 + 4) + (1 + 1 + 1);
  EXPECT_NEAR(frechet_distance(a, b), expected, 1e-12);
}

TEST(FrechetDistance, IdenticalGaussiansAreZeroAndDistanceIsSymmetric) {
  std::mt19937 gen(3);
  std::normal_distribution<double> n01;
  Eigen::MatrixXd x(200, 4), y(200, 4);
  for (Eigen::Index i = 0; i < x.size(); ++i) x(i) = n01(gen), y(i) = 2 * n01(gen) + 0.5;
  const auto fx = fit_gaussian(x), fy = fit_gaussian(y);
  EXPECT_NEAR(frechet_distance(fx, fx), 0.0, 1e-9);
  EXPECT_NEAR(frechet_distance(fx, fy), frechet_distance(fy, fx), 1e-9);
  EXPECT_GT(frechet_distance(fx, fy), 1.0);
}

TEST(FrechetDistance, TraceSqrtOfNonCommutingPair) {
  // A = diag(4, 1), B = R diag(1, 0) Rᵀ (rank 1, direction v): AB has eigenvalues {vᵀAv, 0}, so
  // Tr√(AB) = √(vᵀAv). With v = (1,1)/√2: √(2.5).
  Eigen::Matrix2d a = Eigen::Vector2d(4, 1).asDiagonal();
  Eigen::Vector2d v(1, 1);
  v.normalize();
  Eigen::Matrix2d b = v * v.transpose();
  EXPECT_NEAR(trace_sqrt_product(a, b), std::sqrt(2.5), 1e-12);
}

TEST(FrechetDistance, CovarianceUsesDdofOne) {
  Eigen::MatrixXd x(3, 1);
  x << 1, 2, 3;
  const auto f = fit_gaussian(x);
  EXPECT_DOUBLE_EQ(f.mean(0), 2.0);
  EXPECT_DOUBLE_EQ(f.cov(0, 0), 1.0);
}

TEST(FrechetDistance, RejectsTooFewSamplesAndWidthMismatch) {
  EXPECT_THROW(fit_gaussian(Eigen::MatrixXd::Zero(1, 3)), DataError);
  GaussianFit a{Eigen::VectorXd::Zero(2), Eigen::MatrixXd::Identity(2, 2)};
  GaussianFit b{Eigen::VectorXd::Zero(3), Eigen::MatrixXd::Identity(3, 3)};
  EXPECT_THROW(frechet_distance(a, b), DataError);
}

}  // namespace
}  // namespace fb::metrics
