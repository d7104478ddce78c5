#include "metrics/ml/linear_svc.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/error.h"
#include "metrics/ml/newton_l2.h"

namespace fb::metrics::ml {

namespace {

// Sample i's term c_i·max(0, 1 − s_i·z)² of the squared-hinge objective, with its derivative
// 2c_i·(z − s_i) and generalised second derivative 2c_i on the active set (margin < 1).
struct SquaredHinge {
  const Eigen::VectorXd& sign;
  const Eigen::VectorXd& cost;
  double value(Eigen::Index i, double z) const {
    const double slack = 1.0 - sign[i] * z;
    return slack > 0.0 ? cost[i] * slack * slack : 0.0;
  }
  void derivatives(Eigen::Index i, double z, double& d1, double& d2) const {
    const bool active = sign[i] * z < 1.0;
    d1 = active ? 2.0 * cost[i] * (z - sign[i]) : 0.0;
    d2 = active ? 2.0 * cost[i] : 0.0;
  }
};

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
    Eigen::VectorXd w = minimize_l2_newton(xt, SquaredHinge{sign, cost});
    coef_.row(m) = w.head(d).transpose();
    intercept_[m] = w[d];
  }
}

Eigen::MatrixXd LinearSvc::decision_function(const Eigen::Ref<const Eigen::MatrixXd>& x) const {
  FB_CHECK(coef_.size() != 0 || intercept_.size() != 0, "LinearSVC: predict before fit");
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
