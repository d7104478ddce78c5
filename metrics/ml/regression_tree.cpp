#include "metrics/ml/regression_tree.h"

#include <algorithm>
#include <cfloat>
#include <cstring>

namespace fb::metrics::ml {

namespace {

// scikit-learn's FEATURE_THRESHOLD: sorted neighbours closer than this are one value.
constexpr double kFeatureThreshold = 1e-7;

// Best split of one node on one feature. The proxy (n_r·sum_l − n_l·sum_r)² / (n_l·n_r) is kept as
// the fraction num/den so the scan needs no division.
struct Candidate {
  double num = -1.0, den = 1.0, threshold = 0.0;
  bool found = false;
};

// A node while the tree grows: its samples occupy [start, end) of every feature's order list.
struct Range {
  std::int64_t start = 0, end = 0;
  double sum = 0.0;
};

double impurity(std::int64_t n, double sum, double sq) {
  const double mean = sum / static_cast<double>(n);
  return sq / static_cast<double>(n) - mean * mean;
}

// Scans one node's samples in ascending order of one feature: every position whose value exceeds
// its predecessor's by more than 1e−7 is a split point; the first best one wins.
Candidate best_split(const std::int32_t* ids, std::int64_t count, const float* column,
                     const double* target, double node_sum) {
  Candidate best;
  const double n = static_cast<double>(count);
  double sum = target[ids[0]];
  double last = column[ids[0]];
  for (std::int64_t q = 1; q < count; ++q) {
    const std::int32_t i = ids[q];
    const double v = column[i];
    if (v > last + kFeatureThreshold) {
      const double nl = static_cast<double>(q), nr = n - nl;
      const double diff = nr * sum - nl * (node_sum - sum);
      const double num = diff * diff, den = nl * nr;
      if (num * best.den > best.num * den) {
        best.num = num;
        best.den = den;
        best.threshold = last / 2.0 + v / 2.0;
        if (best.threshold == v) best.threshold = last;
        best.found = true;
      }
    }
    sum += target[i];
    last = v;
  }
  return best;
}

}  // namespace

void RegressionTree::fit(const PresortedFeatures& features, const double* target, int max_depth,
                         Rng& rng, std::vector<int>& leaf_of, Workspace& ws) {
  const std::int64_t n = features.rows();
  const int d = features.cols();
  const std::size_t stride = static_cast<std::size_t>(n);
  nodes_.clear();
  leaf_of.assign(stride, 0);
  ws.order.resize(stride * static_cast<std::size_t>(d));
  ws.buffer.resize(stride);
  ws.left.resize(stride);
  for (int f = 0; f < d; ++f)
    std::memcpy(ws.order.data() + f * stride, features.order(f), stride * sizeof(std::int32_t));

  double sum = 0.0, sq = 0.0;
  for (std::int64_t i = 0; i < n; ++i) sum += target[i], sq += target[i] * target[i];
  nodes_.push_back({});
  nodes_[0].samples = n;
  nodes_[0].impurity = impurity(n, sum, sq);
  std::vector<Range> ranges{{0, n, sum}};

  auto splittable = [&](int node, int depth) {
    const Node& nd = nodes_[node];
    return depth < max_depth && nd.samples >= 2 && nd.impurity > DBL_EPSILON;
  };
  std::vector<int> open, next, ties;
  if (splittable(0, 0)) open.push_back(0);
  std::vector<Candidate> per_feature(static_cast<std::size_t>(d));

  for (int depth = 0; !open.empty(); ++depth) {
    next.clear();
    // Children split again only below max_depth; otherwise only feature 0's list (used to find the
    // leaves' samples at the end) needs partitioning.
    const int partitioned = depth + 1 < max_depth ? d : 1;
    for (int node : open) {
      const Range range = ranges[node];
      const std::int64_t count = range.end - range.start;
      for (int f = 0; f < d; ++f) {
        per_feature[f] = best_split(ws.order.data() + f * stride + range.start, count,
                                    features.column(f), target, range.sum);
      }
      // Equally good features: scikit-learn keeps the first in a random visiting order, i.e. a
      // uniform draw among them.
      double top = -1.0;
      ties.clear();
      for (int f = 0; f < d; ++f) {
        if (!per_feature[f].found) continue;
        const double proxy = per_feature[f].num / per_feature[f].den;
        if (proxy > top) {
          top = proxy;
          ties.assign(1, f);
        } else if (proxy == top) {
          ties.push_back(f);
        }
      }
      if (ties.empty()) continue;  // every feature constant in this node: it stays a leaf
      const int feature = ties.size() == 1 ? ties[0] : ties[rng.below(ties.size())];
      const double threshold = per_feature[feature].threshold;

      // Route the node's samples and collect the children's sums.
      const std::int32_t* ids = ws.order.data() + range.start;
      const float* column = features.column(feature);
      std::int64_t n_left = 0;
      double sum_l = 0.0, sq_l = 0.0, sum_r = 0.0, sq_r = 0.0;
      for (std::int64_t q = 0; q < count; ++q) {
        const std::int32_t i = ids[q];
        const double t = target[i];
        const bool goes_left = static_cast<double>(column[i]) <= threshold;
        ws.left[i] = goes_left;
        if (goes_left) {
          ++n_left, sum_l += t, sq_l += t * t;
        } else {
          sum_r += t, sq_r += t * t;
        }
      }
      // Stable partition of each order list keeps every child's samples sorted per feature.
      for (int f = 0; f < partitioned; ++f) {
        std::int32_t* seg = ws.order.data() + f * stride + range.start;
        std::int64_t l = 0, r = n_left;
        for (std::int64_t q = 0; q < count; ++q) {
          const std::int32_t i = seg[q];
          const std::int64_t goes_left = ws.left[i];
          ws.buffer[goes_left ? l : r] = i;
          l += goes_left;
          r += 1 - goes_left;
        }
        std::memcpy(seg, ws.buffer.data(), static_cast<std::size_t>(count) * sizeof(std::int32_t));
      }

      const int left = static_cast<int>(nodes_.size());
      Node& nd = nodes_[node];
      nd.feature = feature;
      nd.threshold = threshold;
      nd.left = left;
      nd.right = left + 1;
      Node lc, rc;
      lc.samples = n_left;
      lc.impurity = impurity(n_left, sum_l, sq_l);
      rc.samples = count - n_left;
      rc.impurity = impurity(count - n_left, sum_r, sq_r);
      nodes_.push_back(lc);
      nodes_.push_back(rc);
      ranges.push_back({range.start, range.start + n_left, sum_l});
      ranges.push_back({range.start + n_left, range.end, sum_r});
      if (splittable(left, depth + 1)) next.push_back(left);
      if (splittable(left + 1, depth + 1)) next.push_back(left + 1);
    }
    open.swap(next);
  }

  for (std::size_t node = 0; node < nodes_.size(); ++node) {
    if (nodes_[node].feature >= 0) continue;
    for (std::int64_t q = ranges[node].start; q < ranges[node].end; ++q)
      leaf_of[ws.order[q]] = static_cast<int>(node);
  }
}

void RegressionTree::accumulate_importance(double* importance) const {
  for (const Node& nd : nodes_) {
    if (nd.feature < 0) continue;
    const Node& l = nodes_[nd.left];
    const Node& r = nodes_[nd.right];
    importance[nd.feature] += static_cast<double>(nd.samples) * nd.impurity -
                              static_cast<double>(l.samples) * l.impurity -
                              static_cast<double>(r.samples) * r.impurity;
  }
}

}  // namespace fb::metrics::ml
