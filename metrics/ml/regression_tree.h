// Depth-limited least-squares regression tree grown the way scikit-learn 1.2's
// DecisionTreeRegressor (criterion "friedman_mse", splitter "best") grows the trees of
// GradientBoostingClassifier (REFERENCE §4.3a).
#pragma once

#include <cstdint>
#include <vector>

#include "core/rng.h"
#include "metrics/ml/presorted_features.h"

namespace fb::metrics::ml {

/// Exact (histogram-free) CART tree. The features are sorted once per booster (PresortedFeatures);
/// each tree keeps, per feature, its samples grouped by node and sorted within the node, splitting
/// those lists stably as nodes split, so every node's best split is one linear scan per feature.
class RegressionTree {
 public:
  struct Node {
    int feature = -1;        ///< split feature; -1 for a leaf
    double threshold = 0.0;  ///< a row goes left when double(x[feature]) <= threshold
    int left = -1, right = -1;
    double value = 0.0;        ///< leaf output (set by the booster)
    std::int64_t samples = 0;  ///< training samples in the node
    double impurity = 0.0;     ///< mean squared deviation of the target in the node
  };

  /// Scratch memory of fit(), reusable across trees on the same thread.
  struct Workspace {
    /// [D, N]: per feature, the sample indices grouped by node and sorted within each node.
    std::vector<std::int32_t> order;
    std::vector<std::int32_t> buffer;  ///< [N]
    std::vector<std::uint8_t> left;    ///< [N]: goes-left flags of the node being split
  };

  /// Grows the tree on `target` ([N] float64, N = features.rows()) and writes each training
  /// sample's leaf (an index into nodes()) into `leaf_of` ([N]).
  ///
  /// Rules: a node is a leaf at `max_depth`, with fewer than 2 samples, or with impurity <=
  /// DBL_EPSILON. Split points exist only between consecutive sorted values that differ by more
  /// than 1e-7; the threshold is the midpoint x[p−1]/2 + x[p]/2 in double; the gain is Friedman's
  /// n_l·n_r/(n_l+n_r)·(mean_l − mean_r)²; within a feature the lowest threshold wins ties; between
  /// features equally good splits are chosen uniformly at random with `rng` (scikit-learn visits
  /// the features in a random order at every node). A node with a candidate always splits.
  void fit(const PresortedFeatures& features, const double* target, int max_depth, Rng& rng,
           std::vector<int>& leaf_of, Workspace& workspace);

  /// Leaf reached by one row of D float32 values.
  int apply(const float* row) const {
    int node = 0;
    while (nodes_[static_cast<std::size_t>(node)].feature >= 0) {
      const Node& n = nodes_[static_cast<std::size_t>(node)];
      node = static_cast<double>(row[n.feature]) <= n.threshold ? n.left : n.right;
    }
    return node;
  }

  const std::vector<Node>& nodes() const { return nodes_; }
  void set_leaf_value(int node, double value) {
    nodes_[static_cast<std::size_t>(node)].value = value;
  }
  double leaf_value(int node) const { return nodes_[static_cast<std::size_t>(node)].value; }
  bool has_split() const { return nodes_.size() > 1; }
  /// Adds each split's n·impurity − n_l·impurity_l − n_r·impurity_r to importance[feature] ([D]).
  void accumulate_importance(double* importance) const;

 private:
  std::vector<Node> nodes_;
};

}  // namespace fb::metrics::ml
