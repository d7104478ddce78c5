// The best split of one tree node on each of two features: the hot loop of every regression tree
// (gradient boosting's and random forest's), docs/protocols.md §4.3a.
#pragma once

#include <cstdint>
#include <vector>

namespace fb::metrics::ml {

/// scikit-learn's FEATURE_THRESHOLD: sorted neighbours closer than this are one value.
inline constexpr double kFeatureThreshold = 1e-7;

/// scikit-learn's proxy_impurity_improvement of the two criteria the trees use.
enum class SplitCriterion {
  kFriedmanMse,  ///< (w_r·sum_l − w_l·sum_r)² / (w_l·w_r): GradientBoosting's trees
  kSquaredError  ///< sum_l²/w_l + sum_r²/w_r: RandomForestRegressor's trees
};

struct SplitCandidate {
  double proxy = -1.0;  ///< the criterion's proxy of the best split
  double threshold = 0.0;
  std::int64_t position = 0;  ///< samples left of the split in the node's order of the feature
  bool found = false;         ///< false when the feature is constant (within 1e−7) in the node
};

/// Reusable state of scan_split_pair.
struct SplitScratch {
  /// 1 / (p·(count − p)) for the unweighted Friedman scans of nodes of `inverse_count` samples:
  /// every feature of a node shares it.
  std::vector<double> inverse;
  std::int64_t inverse_count = -1;
};

/// Scans a node's `count` samples in ascending order of two features at once: `ids_a` in the
/// order of `column_a`, `ids_b` in that of `column_b` (b may be a). Per feature: split points are
/// the positions whose value exceeds its predecessor's by more than 1e−7 (scikit-learn's
/// FEATURE_THRESHOLD, compared in double); the first position with the largest proxy wins; the
/// threshold is the midpoint x[p−1]/2 + x[p]/2 in double (x[p−1] if that rounds to x[p]).
/// Unweighted scans count samples, weighted ones sum `weight`; `node_sum` and `node_weight` are
/// the node's Σw·y and Σw. The unweighted Friedman proxy is diff² · (1/(w_l·w_r)) with the
/// reciprocal shared by the node's features; the others divide as scikit-learn does.
template <bool kWeighted, SplitCriterion kCriterion>
void scan_split_pair(const std::int32_t* ids_a, const std::int32_t* ids_b, std::int64_t count,
                     const float* column_a, const float* column_b, const double* target,
                     const double* weight, double node_sum, double node_weight,
                     SplitScratch& scratch, SplitCandidate out[2]);

}  // namespace fb::metrics::ml
