#include "metrics/frechet_distance.h"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <string>

#include "core/error.h"

namespace fb::metrics {

namespace {

// A^{1/2} of a symmetric PSD matrix; negative eigenvalues from rounding become 0.
Eigen::MatrixXd sqrt_psd(const Eigen::MatrixXd& a) {
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(a);
  const Eigen::VectorXd root = solver.eigenvalues().cwiseMax(0.0).cwiseSqrt();
  return solver.eigenvectors() * root.asDiagonal() * solver.eigenvectors().transpose();
}

}  // namespace

GaussianFit fit_gaussian(const Eigen::MatrixXd& features) {
  if (features.rows() < 2)
    throw DataError("frechet distance: need at least 2 samples (got " +
                    std::to_string(features.rows()) + ")");
  if (!features.allFinite()) throw DataError("frechet distance: features hold NaN or Inf");
  GaussianFit fit;
  fit.mean = features.colwise().mean().transpose();
  const Eigen::MatrixXd centred = features.rowwise() - fit.mean.transpose();
  fit.cov = (centred.transpose() * centred) / static_cast<double>(features.rows() - 1);
  return fit;
}

double trace_sqrt_product(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
  const Eigen::MatrixXd ra = sqrt_psd(0.5 * (a + a.transpose()));
  Eigen::MatrixXd m = ra * b * ra;
  m = 0.5 * (m + m.transpose());  // symmetric up to rounding; make it exactly so for the solver
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(m, Eigen::EigenvaluesOnly);
  return solver.eigenvalues().cwiseMax(0.0).cwiseSqrt().sum();
}

double frechet_distance(const GaussianFit& a, const GaussianFit& b) {
  if (a.mean.size() != b.mean.size() || a.cov.rows() != a.mean.size() ||
      b.cov.rows() != b.mean.size())
    throw DataError("frechet distance: feature widths differ (" + std::to_string(a.mean.size()) +
                    " vs " + std::to_string(b.mean.size()) + ")");
  const double mean_term = (a.mean - b.mean).squaredNorm();
  const double d =
      mean_term + a.cov.trace() + b.cov.trace() - 2.0 * trace_sqrt_product(a.cov, b.cov);
  return std::max(d, 0.0);
}

}  // namespace fb::metrics
