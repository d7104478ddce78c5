// The Fréchet distance between two Gaussians fitted to feature sets (FID's formula, docs/protocols.md
// §4.5): ‖μ_r − μ_g‖² + Tr(Σ_r + Σ_g − 2(Σ_rΣ_g)^{1/2}). factorbench's FD_fb applies it to the
// 128-d penultimate features of a project-trained factor classifier (engine/factor_classifier.h);
// it is not comparable with Inception FID.
#pragma once

#include <Eigen/Core>

namespace fb::metrics {

struct GaussianFit {
  Eigen::VectorXd mean;  ///< [F]
  Eigen::MatrixXd cov;   ///< [F,F], ddof 1 (numpy.cov, as the FID reference code)
};

/// Mean and covariance of `features` [N,F] (rows = samples), N >= 2 (DataError otherwise, and on
/// non-finite values).
GaussianFit fit_gaussian(const Eigen::MatrixXd& features);

/// Tr((A·B)^{1/2}) for symmetric positive semi-definite A, B [F,F], through the symmetric form
/// Tr((A^{1/2} B A^{1/2})^{1/2}) and Eigen's self-adjoint eigensolver (eigenvalues clipped at 0),
/// so no complex arithmetic is needed.
double trace_sqrt_product(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b);

/// The Fréchet distance between N(a.mean, a.cov) and N(b.mean, b.cov); >= 0 (rounding clipped).
double frechet_distance(const GaussianFit& a, const GaussianFit& b);

}  // namespace fb::metrics
