// L2-regularised logistic regression with scikit-learn's LogisticRegression() defaults of either
// era (docs/protocols.md §4.3), used by the BetaVAE score and explicitness.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <vector>

#include "metrics/codes.h"
#include "metrics/ml/label_encoder.h"

namespace fb::metrics::ml {

/// Logistic regression, C = 1.
///
/// kPaper (scikit-learn <= 0.21, liblinear): one-vs-rest; per model min ½‖w̃‖² + C·Σ log(1 +
/// e^{−y·w̃·x̃}) with x̃ = [x, 1], so the intercept is regularised; predict_proba = per-class sigmoids
/// divided by their sum (two classes: one model, [1 − p, p]). The problem is strictly convex and is
/// solved to its optimum with Newton's method.
///
/// kCurrent (scikit-learn >= 0.22, lbfgs): multinomial softmax over all classes (one-vs-rest
/// sigmoid for two classes), loss summed over samples + ½‖W‖²/C, intercept not penalised; L-BFGS
/// with max_iter 100, tol 1e-4 as scikit-learn configures scipy.
class LogisticRegression {
 public:
  LogisticRegression() = default;

  /// Fits on `x` ([N, d] float64) and `y` ([N] int64 labels). Throws DataError when N differs, N ==
  /// 0, or y holds a single class.
  void fit(const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::Ref<const Labels>& y,
           SklearnEra era = SklearnEra::kPaper);

  /// Class probabilities: [N, C] float64, columns in classes() order, rows summing to 1.
  Eigen::MatrixXd predict_proba(const Eigen::Ref<const Eigen::MatrixXd>& x) const;
  /// Labels of the first most probable class: [N] int64.
  Labels predict(const Eigen::Ref<const Eigen::MatrixXd>& x) const;

  /// Sorted training classes: [C].
  const std::vector<std::int64_t>& classes() const { return encoder_.classes(); }
  /// Weights: [M, d] float64, M = 1 for two classes (for classes()[1]), else C.
  const Eigen::MatrixXd& coef() const { return coef_; }
  /// Intercepts: [M] float64.
  const Eigen::VectorXd& intercept() const { return intercept_; }
  SklearnEra era() const { return era_; }

 private:
  void fit_paper(const Eigen::MatrixXd& xt, const std::vector<int>& index);
  void fit_current(const Eigen::Ref<const Eigen::MatrixXd>& x, const std::vector<int>& index);

  SklearnEra era_ = SklearnEra::kPaper;
  LabelEncoder encoder_;
  Eigen::MatrixXd coef_;
  Eigen::VectorXd intercept_;
  bool fitted_ = false;
};

}  // namespace fb::metrics::ml
