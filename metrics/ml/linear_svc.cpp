#include "metrics/ml/linear_svc.h"

#include <Eigen/Cholesky>
#include <algorithm>
#include <cmath>
#include <string>

#include "core/error.h"

namespace fb::metrics::ml {

namespace {

// ½‖w‖² + Σ c_i·max(0, 1 − s_i·z_i)² with z = x̃·w.
double squared_hinge_objective(const Eigen::VectorXd& w, const Eigen::VectorXd& z,
                               const Eigen::VectorXd& sign, const Eigen::VectorXd& cost) {
  double loss = 0.0;
  for (Eigen::Index i = 0; i < z.size(); ++i) {
    double slack = 1.0 - sign[i] * z[i];
    if (slack > 0.0) loss += cost[i] * slack * slack;
  }
  return 0.5 * w.squaredNorm() + loss;
}

// Finite Newton method (Mangasarian; Keerthi & DeCoste) on the primal: the objective is a convex,
// once-differentiable piecewise quadratic, so Newton steps on the generalised Hessian of the
// current active set (margin < 1) with Armijo backtracking reach the optimum in a handful of
// iterations. `xt` is [N, p] with the constant column already appended.
Eigen::VectorXd solve_squared_hinge(const Eigen::MatrixXd& xt, const Eigen::VectorXd& sign,
                                    const Eigen::VectorXd& cost) {
  const Eigen::Index n = xt.rows(), p = xt.cols();
  Eigen::VectorXd w = Eigen::VectorXd::Zero(p);
  Eigen::VectorXd z = Eigen::VectorXd::Zero(n);
  Eigen::VectorXd active_cost(n), residual(n);
  double f = squared_hinge_objective(w, z, sign, cost);
  double g0_norm = -1.0;
  for (int iter = 0; iter < 100; ++iter) {
    for (Eigen::Index i = 0; i < n; ++i) {
      bool active = sign[i] * z[i] < 1.0;
      active_cost[i] = active ? 2.0 * cost[i] : 0.0;
      residual[i] = active ? 2.0 * cost[i] * (z[i] - sign[i]) : 0.0;
    }
    Eigen::VectorXd g = w + xt.transpose() * residual;
    double g_norm = g.lpNorm<Eigen::Infinity>();
    if (g0_norm < 0.0) g0_norm = g_norm;
    if (g_norm <= 1e-12 * std::max(1.0, g0_norm)) break;
    Eigen::MatrixXd h = xt.transpose() * active_cost.asDiagonal() * xt;
    h.diagonal().array() += 1.0;
    Eigen::VectorXd d = -h.ldlt().solve(g);
    Eigen::VectorXd dz = xt * d;
    double slope = g.dot(d);
    if (!(slope < 0.0)) break;
    double t = 1.0, f_new = f;
    Eigen::VectorXd w_new, z_new;
    for (int ls = 0; ls < 60; ++ls, t *= 0.5) {
      w_new = w + t * d;
      z_new = z + t * dz;
      f_new = squared_hinge_objective(w_new, z_new, sign, cost);
      if (f_new <= f + 1e-4 * t * slope) break;
    }
    if (!(f_new < f)) break;  // no further decrease representable: at the optimum to rounding
    w.swap(w_new);
    z.swap(z_new);
    f = f_new;
  }
  return w;
}

}  // namespace

void LinearSvc::fit(const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::Ref<const Labels>& y) {
  if (x.rows() != y.size()) {
    throw DataError("LinearSVC: " + std::to_string(x.rows()) + " feature rows but " +
                    std::to_string(y.size()) + " labels");
  }
  if (x.rows() == 0) throw DataError("LinearSVC: no training samples");
  encoder_ = LabelEncoder(y);
  const int num_classes = encoder_.num_classes();
  if (num_classes < 2) {
    throw DataError("LinearSVC: the training labels hold a single class (" +
                    std::to_string(encoder_.decode(0)) + "); at least two are needed");
  }
  const Eigen::Index n = x.rows(), d = x.cols();
  std::vector<int> index = encoder_.encode(y);
  std::vector<double> class_weight(static_cast<std::size_t>(num_classes), 1.0);
  if (options_.balanced) {
    std::vector<double> count(static_cast<std::size_t>(num_classes), 0.0);
    for (int k : index) count[static_cast<std::size_t>(k)] += 1.0;
    for (int k = 0; k < num_classes; ++k) {
      class_weight[static_cast<std::size_t>(k)] =
          static_cast<double>(n) / (num_classes * count[static_cast<std::size_t>(k)]);
    }
  }
  Eigen::MatrixXd xt(n, d + 1);
  xt.leftCols(d) = x;
  xt.col(d).setOnes();

  const int models = num_classes == 2 ? 1 : num_classes;
  coef_.resize(models, d);
  intercept_.resize(models);
  Eigen::VectorXd sign(n), cost(n);
  for (int m = 0; m < models; ++m) {
    const int positive = num_classes == 2 ? 1 : m;
    for (Eigen::Index i = 0; i < n; ++i) {
      const int k = index[static_cast<std::size_t>(i)];
      const bool is_positive = k == positive;
      sign[i] = is_positive ? 1.0 : -1.0;
      // One-vs-rest weights only the positive side; a binary problem weights both sides.
      const bool weighted = is_positive || num_classes == 2;
      cost[i] = options_.c * (weighted ? class_weight[static_cast<std::size_t>(k)] : 1.0);
    }
    Eigen::VectorXd w = solve_squared_hinge(xt, sign, cost);
    coef_.row(m) = w.head(d).transpose();
    intercept_[m] = w[d];
  }
}

Eigen::MatrixXd LinearSvc::decision_function(const Eigen::Ref<const Eigen::MatrixXd>& x) const {
  if (coef_.size() == 0 && intercept_.size() == 0)
    throw ConfigError("LinearSVC: predict before fit");
  if (x.cols() != coef_.cols()) {
    throw DataError("LinearSVC: fitted on " + std::to_string(coef_.cols()) + " features, got " +
                    std::to_string(x.cols()));
  }
  Eigen::MatrixXd out = x * coef_.transpose();
  out.rowwise() += intercept_.transpose();
  return out;
}

Labels LinearSvc::predict(const Eigen::Ref<const Eigen::MatrixXd>& x) const {
  return encoder_.decode_decisions(decision_function(x));
}

}  // namespace fb::metrics::ml
