// Random-forest regression with scikit-learn 1.2's RandomForestRegressor defaults, as the CR
// protocol's DCI variants use it (docs/protocols.md §4.2 "CR DCI").
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <vector>

#include "metrics/codes.h"
#include "metrics/ml/regression_tree.h"

namespace fb::metrics::ml {

struct RandomForestOptions {
  int n_estimators = 100;
  int max_depth = 0;  ///< required: > 0 (scikit-learn's None, unlimited depth, is not offered)
};

/// RandomForestRegressor(n_estimators, max_depth): every tree is grown on a bootstrap sample (N
/// draws with replacement, used as integer sample weights), considers all features at every node,
/// splits by squared error with min_samples_leaf 1 (RegressionTree's rules), and predicts the
/// weighted leaf mean; the forest predicts the mean over trees. Features are float32. Tree t's
/// bootstrap and tie-breaking come from Rng::for_item(seed, t) (scikit-learn's draws cannot be
/// reproduced, docs/protocols.md §7 #14), so results do not depend on the thread count; trees grow in
/// parallel.
class RandomForestRegressor {
 public:
  explicit RandomForestRegressor(RandomForestOptions options);

  /// Fits on `x` ([N, D] float32) and `y` ([N] float64). Throws DataError when N differs, N == 0,
  /// D == 0 or the inputs hold NaN/Inf.
  void fit(const Eigen::Ref<const Codes>& x, const Eigen::Ref<const Eigen::VectorXd>& y,
           std::uint64_t seed);

  /// Predictions: [N] float64.
  Eigen::VectorXd predict(const Eigen::Ref<const Codes>& x) const;
  /// Impurity importances: [D] float64. Each tree's are normalised by the root weight and then to
  /// sum 1; the forest averages the trees that have a split and normalises to sum 1 again; all
  /// zeros when no tree has a split.
  const Eigen::VectorXd& feature_importances() const { return importances_; }

 private:
  RandomForestOptions options_;
  int features_ = 0;
  std::vector<RegressionTree> trees_;
  Eigen::VectorXd importances_;
};

/// Coefficient of determination 1 − Σ(y − ŷ)² / Σ(y − ȳ)² (scikit-learn's r2_score: a constant
/// `y` scores 1 when predicted exactly, else 0).
double r2_score(const Eigen::Ref<const Eigen::VectorXd>& y,
                const Eigen::Ref<const Eigen::VectorXd>& predicted);

}  // namespace fb::metrics::ml
