// Linear support vector classifier with scikit-learn's LinearSVC defaults as the DL SAP score uses
// them (docs/protocols.md §4.3, §4.3a): L2 penalty, squared hinge loss, one-vs-rest, intercept as a
// regularised constant feature 1, optional "balanced" class weights.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <vector>

#include "metrics/ml/label_encoder.h"

namespace fb::metrics::ml {

struct LinearSvcOptions {
  /// Penalty C of the hinge term (scikit-learn's C; SAP uses 0.01).
  double c = 0.01;
  /// class_weight="balanced": class k's samples cost C·n/(C_classes·n_k).
  bool balanced = true;
};

/// One-vs-rest linear SVC. Each binary problem
///   min_w ½‖w‖² + Σ_i c_i·max(0, 1 − y_i·w·[x_i, 1])²
/// is strictly convex, so it is solved to its optimum (a finite Newton method on the primal) rather
/// than with liblinear's dual coordinate descent; the optimum is what any converged liblinear run
/// approaches. Class weights follow liblinear's one-vs-rest: class k's positives cost C·weight_k,
/// its negatives plain C; a two-class problem trains one model whose two sides each carry their own
/// class weight.
class LinearSvc {
 public:
  explicit LinearSvc(LinearSvcOptions options = {}) : options_(options) {}

  /// Fits on `x` ([N, d] float64) and `y` ([N] int64 labels). Throws DataError when N differs
  /// between x and y, N == 0, or y has fewer than two classes.
  void fit(const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::Ref<const Labels>& y);

  /// Decision values: [N, M] float64 with M = 1 for two classes (positive = classes()[1]), else M =
  /// C.
  Eigen::MatrixXd decision_function(const Eigen::Ref<const Eigen::MatrixXd>& x) const;
  /// Predicted labels ([N] int64): the first class with the largest decision value; for two classes
  /// classes()[1] exactly when the decision value is > 0.
  Labels predict(const Eigen::Ref<const Eigen::MatrixXd>& x) const;

  /// Sorted training classes: [C].
  const std::vector<std::int64_t>& classes() const { return encoder_.classes(); }
  /// Weights: [M, d] float64 (M as in decision_function).
  const Eigen::MatrixXd& coef() const { return coef_; }
  /// Intercepts: [M] float64.
  const Eigen::VectorXd& intercept() const { return intercept_; }

 private:
  LinearSvcOptions options_;
  LabelEncoder encoder_;
  Eigen::MatrixXd coef_;
  Eigen::VectorXd intercept_;
};

}  // namespace fb::metrics::ml
