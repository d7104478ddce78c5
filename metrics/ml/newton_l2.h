// One Newton solver for the L2-regularised linear problems liblinear solves in the primal:
// min_w ½‖w‖² + Σ_i ℓ_i(z_i), z = x̃·w (LinearSVC's squared hinge, the paper-era
// LogisticRegression's logistic loss).
#pragma once

#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <algorithm>

namespace fb::metrics::ml {

/// Minimises ½‖w‖² + Σ_i loss.value(i, z_i) over w ([p]) for z = xt·w (`xt` [N, p]), from w = 0.
/// `loss` provides value(i, z) and derivatives(i, z, d1, d2) (first derivative and the
/// (generalised) second derivative of sample i's term). Newton steps on the Hessian
/// I + xtᵀ·diag(d2)·xt with Armijo backtracking (factor ½, sufficient decrease 1e−4, at most 60
/// halvings); stops when ‖∇‖∞ ≤ 1e−12·max(1, ‖∇₀‖∞), when no descent direction or no representable
/// decrease remains, or after 100 iterations. For a convex, once-differentiable piecewise quadratic
/// (the squared hinge) this is the finite Newton method (Mangasarian; Keerthi & DeCoste).
template <class Loss>
Eigen::VectorXd minimize_l2_newton(const Eigen::MatrixXd& xt, const Loss& loss) {
  const Eigen::Index n = xt.rows(), p = xt.cols();
  auto objective = [&](const Eigen::VectorXd& w, const Eigen::VectorXd& z) {
    double sum = 0.0;
    for (Eigen::Index i = 0; i < n; ++i) sum += loss.value(i, z[i]);
    return 0.5 * w.squaredNorm() + sum;
  };
  Eigen::VectorXd w = Eigen::VectorXd::Zero(p), z = Eigen::VectorXd::Zero(n);
  Eigen::VectorXd d1(n), d2(n);
  double f = objective(w, z);
  double g0_norm = -1.0;
  for (int iter = 0; iter < 100; ++iter) {
    for (Eigen::Index i = 0; i < n; ++i) loss.derivatives(i, z[i], d1[i], d2[i]);
    const Eigen::VectorXd g = w + xt.transpose() * d1;
    const double g_norm = g.lpNorm<Eigen::Infinity>();
    if (g0_norm < 0.0) g0_norm = g_norm;
    if (g_norm <= 1e-12 * std::max(1.0, g0_norm)) break;
    Eigen::MatrixXd h = xt.transpose() * d2.asDiagonal() * xt;
    h.diagonal().array() += 1.0;
    const Eigen::VectorXd d = -h.ldlt().solve(g);
    const Eigen::VectorXd dz = xt * d;
    const double slope = g.dot(d);
    if (!(slope < 0.0)) break;
    double t = 1.0, f_new = f;
    Eigen::VectorXd w_new, z_new;
    for (int ls = 0; ls < 60; ++ls, t *= 0.5) {
      w_new = w + t * d;
      z_new = z + t * dz;
      f_new = objective(w_new, z_new);
      if (f_new <= f + 1e-4 * t * slope) break;
    }
    if (!(f_new < f)) break;  // no further decrease representable: at the optimum to rounding
    w.swap(w_new);
    z.swap(z_new);
    f = f_new;
  }
  return w;
}

}  // namespace fb::metrics::ml
