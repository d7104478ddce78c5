// Gradient-boosted trees for classification with scikit-learn 1.2's GradientBoostingClassifier()
// defaults, as DCI uses them (docs/protocols.md §4.3, §4.3a).
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <vector>

#include "metrics/codes.h"
#include "metrics/ml/label_encoder.h"
#include "metrics/ml/regression_tree.h"

namespace fb::metrics::ml {

struct GradientBoostingOptions {
  int n_estimators = 100;
  double learning_rate = 0.1;
  int max_depth = 3;
};

/// Log-loss gradient boosting. Initial raw scores are the log class priors (two classes: the
/// log-odds, one score); each stage fits one regression tree per class (one for two classes) to y_k
/// − p_k, all from the probabilities at the start of the stage; a leaf's value is the Newton step
/// ((K−1)/K)·Σr / Σ(y−r)(1−y+r) (two classes: Σr / Σ(y−r)(1−y+r); 0 when the denominator is <
/// 1e−150), scaled by the learning rate. Features are float32; trees follow RegressionTree's rules,
/// with equally good features drawn at random from a generator seeded by `seed` and the tree's
/// position, so results do not depend on the thread count. The K trees of a stage are grown in
/// parallel.
class GradientBoostingClassifier {
 public:
  explicit GradientBoostingClassifier(GradientBoostingOptions options = {}) : options_(options) {}

  /// Fits on `x` ([N, D] float32) and `y` ([N] int64). Throws DataError when N differs, N == 0, D
  /// == 0, x holds NaN/Inf, or y holds a single class.
  void fit(const Eigen::Ref<const Codes>& x, const Eigen::Ref<const Labels>& y, std::uint64_t seed);

  /// Raw scores: [N, M] float64 (M = 1 for two classes, else C).
  Eigen::MatrixXd decision_function(const Eigen::Ref<const Codes>& x) const;
  /// Predicted labels: [N] int64, the first most probable class.
  Labels predict(const Eigen::Ref<const Codes>& x) const;
  /// Predictions for the training rows, identical to predict(x_train) without re-walking the trees.
  Labels predict_training() const { return decide(training_raw_); }

  /// Sorted training classes: [C].
  const std::vector<std::int64_t>& classes() const { return encoder_.classes(); }
  /// Impurity importances: [D] float64, the MSE decrease summed over all trees and normalised to
  /// sum 1; all zeros when no tree has a split.
  const Eigen::VectorXd& feature_importances() const { return importances_; }

 private:
  Labels decide(const Eigen::MatrixXd& raw) const;

  GradientBoostingOptions options_;
  LabelEncoder encoder_;
  int features_ = 0;
  Eigen::VectorXd init_raw_;                        // [M]
  std::vector<std::vector<RegressionTree>> trees_;  // [stage][M]
  Eigen::MatrixXd training_raw_;                    // [N, M]
  Eigen::VectorXd importances_;                     // [D]
};

}  // namespace fb::metrics::ml
