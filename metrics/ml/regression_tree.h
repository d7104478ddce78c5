// Depth-limited least-squares regression tree grown the way scikit-learn 1.2's
// DecisionTreeRegressor (splitter "best") grows the trees of GradientBoostingClassifier (criterion
// "friedman_mse", docs/protocols.md §4.3a) and of RandomForestRegressor (criterion "squared_error" with
// bootstrap counts as sample weights, docs/protocols.md §4.2 "CR DCI").
#pragma once

#include <cstdint>
#include <vector>

#include "core/rng.h"
#include "metrics/ml/presorted_features.h"
#include "metrics/ml/split_scan.h"

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
    std::int64_t samples = 0;  ///< training samples (weight > 0) in the node
    double weight = 0.0;       ///< their total sample weight (= samples when unweighted)
    double impurity = 0.0;     ///< weighted mean squared deviation of the target in the node
    double mean = 0.0;         ///< weighted mean of the target in the node
  };

  using Criterion = SplitCriterion;

  /// Scratch memory of fit(), reusable across trees on the same thread.
  struct Workspace {
    /// [D, N]: per feature, the sample indices grouped by node and sorted within each node.
    std::vector<std::int32_t> order;
    std::vector<std::int32_t> buffer;  ///< [N]
    std::vector<std::uint8_t> left;    ///< [N]: goes-left flags of the node being split
    SplitScratch scan;
  };

  /// Grows the tree on `target` ([N] float64, N = features.rows()) and writes each training
  /// sample's leaf (an index into nodes()) into `leaf_of` ([N]).
  ///
  /// Rules: a node is a leaf at `max_depth`, with fewer than 2 samples, or with impurity <=
  /// DBL_EPSILON. Split points exist only between consecutive sorted values that differ by more
  /// than 1e-7; the threshold is the midpoint x[p−1]/2 + x[p]/2 in double; the gain is Friedman's
  /// n_l·n_r/(n_l+n_r)·(mean_l − mean_r)² (scan_split_pair); within a feature the lowest threshold
  /// wins ties; between features equally good splits are chosen uniformly at random with `rng`
  /// (scikit-learn visits the features in a random order at every node). A node with a candidate
  /// always splits.
  void fit(const PresortedFeatures& features, const double* target, int max_depth, Rng& rng,
           std::vector<int>& leaf_of, Workspace& workspace);

  /// The general form: `weight` ([N] float64, nullptr = all 1) are sample weights (a bootstrap's
  /// draw counts); samples of weight 0 take no part (scikit-learn drops them from the node lists)
  /// and get leaf_of −1. Sums, means and impurities are weighted; min_samples_split 2 counts
  /// samples of weight > 0.
  void fit(const PresortedFeatures& features, const double* target, const double* weight,
           Criterion criterion, int max_depth, Rng& rng, std::vector<int>& leaf_of,
           Workspace& workspace);

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
  /// Weighted mean of the training targets in the leaf one row reaches (RandomForest's prediction).
  double predict_mean(const float* row) const {
    return nodes_[static_cast<std::size_t>(apply(row))].mean;
  }
  /// Adds each split's w·impurity − w_l·impurity_l − w_r·impurity_r to importance[feature] ([D])
  /// (w = the nodes' sample weights; sample counts when unweighted).
  void accumulate_importance(double* importance) const;

 private:
  template <bool kWeighted, Criterion kCriterion>
  void grow(const PresortedFeatures& features, const double* target, const double* weight,
            int max_depth, Rng& rng, std::vector<int>& leaf_of, Workspace& workspace);

  std::vector<Node> nodes_;
};

}  // namespace fb::metrics::ml
