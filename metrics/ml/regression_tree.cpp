#include "metrics/ml/regression_tree.h"

#include <algorithm>
#include <cfloat>
#include <cstring>

namespace fb::metrics::ml {

namespace {

using Criterion = RegressionTree::Criterion;

// A node while the tree grows: its samples occupy [start, end) of every feature's order list.
struct Range {
  std::int64_t start = 0, end = 0;
  double sum = 0.0;     // Σ w·y
  double weight = 0.0;  // Σ w
};

double impurity(double w, double sum, double sq) {
  const double mean = sum / w;
  return sq / w - mean * mean;
}

using Node = RegressionTree::Node;
using Workspace = RegressionTree::Workspace;

// Phase 1: per feature, the sorted sample list; weighted fits keep only the samples of weight > 0.
// Returns how many samples take part.
template <bool kWeighted>
std::int64_t seed_orders(const PresortedFeatures& features, const double* weight, Workspace& ws) {
  const std::int64_t n_all = features.rows();
  const std::size_t stride = static_cast<std::size_t>(n_all);
  std::int64_t n = n_all;
  for (int f = 0; f < features.cols(); ++f) {
    std::int32_t* dst = ws.order.data() + f * stride;
    if constexpr (kWeighted) {
      const std::int32_t* src = features.order(f);
      std::int64_t kept = 0;
      for (std::int64_t q = 0; q < n_all; ++q)
        if (weight[src[q]] > 0.0) dst[kept++] = src[q];
      n = kept;
    } else {
      std::memcpy(dst, features.order(f), stride * sizeof(std::int32_t));
    }
  }
  return n;
}

// Phase 2: the root's node and range, its sums taken in sample order (as scikit-learn's criterion
// initialises them).
template <bool kWeighted>
Range make_root(std::int64_t n_all, std::int64_t n, const double* target, const double* weight,
                Node& root) {
  double sum = 0.0, sq = 0.0, total_weight = 0.0;
  for (std::int64_t i = 0; i < n_all; ++i) {
    if constexpr (kWeighted) {
      if (weight[i] > 0.0) sum += weight[i] * target[i], sq += weight[i] * target[i] * target[i];
      total_weight += weight[i];
    } else {
      sum += target[i], sq += target[i] * target[i];
    }
  }
  if constexpr (!kWeighted) total_weight = static_cast<double>(n_all);
  root = Node{};
  root.samples = n;
  root.weight = total_weight;
  if (n > 0) {
    root.impurity = impurity(total_weight, sum, sq);
    root.mean = sum / total_weight;
  }
  return {0, n, sum, total_weight};
}

// Per-node scratch of choose_split, kept across nodes to avoid reallocations.
struct SplitSearch {
  std::vector<SplitCandidate> per_feature;
  std::vector<int> ties, varying;
};

// Phase 3: the node's best split feature (its candidate in search.per_feature), or -1 when every
// feature is constant in the node.
template <bool kWeighted, Criterion kCriterion>
int choose_split(const PresortedFeatures& features, const double* target, const double* weight,
                 const Range& range, Rng& rng, Workspace& ws, SplitSearch& search) {
  const int d = features.cols();
  const std::size_t stride = static_cast<std::size_t>(features.rows());
  const std::int64_t count = range.end - range.start;
  auto& per_feature = search.per_feature;
  // A feature whose node values span at most 1e−7 has no split point (sorted, so every
  // neighbour is within 1e−7 too; scikit-learn skips such "constant" features the same way):
  // only the others are scanned, two at a time.
  search.varying.clear();
  for (int f = 0; f < d; ++f) {
    const std::int32_t* ids = ws.order.data() + f * stride + range.start;
    const float* column = features.column(f);
    per_feature[f] = SplitCandidate{};
    if (count >= 2 && static_cast<double>(column[ids[count - 1]]) >
                          static_cast<double>(column[ids[0]]) + kFeatureThreshold) {
      search.varying.push_back(f);
    }
  }
  const auto& varying = search.varying;
  for (std::size_t v = 0; v < varying.size(); v += 2) {
    const int f = varying[v];
    const int g = v + 1 < varying.size() ? varying[v + 1] : f;  // an odd last one fills both lanes
    SplitCandidate pair[2];
    scan_split_pair<kWeighted, kCriterion>(ws.order.data() + f * stride + range.start,
                                           ws.order.data() + g * stride + range.start, count,
                                           features.column(f), features.column(g), target, weight,
                                           range.sum, range.weight, ws.scan, pair);
    per_feature[f] = pair[0];
    if (g != f) per_feature[g] = pair[1];
  }
  // Equally good features: scikit-learn keeps the first in a random visiting order, i.e. a
  // uniform draw among them.
  double top = -1.0;
  auto& ties = search.ties;
  ties.clear();
  for (int f = 0; f < d; ++f) {
    if (!per_feature[f].found) continue;
    const double proxy = per_feature[f].proxy;
    if (proxy > top) {
      top = proxy;
      ties.assign(1, f);
    } else if (proxy == top) {
      ties.push_back(f);
    }
  }
  if (ties.empty()) return -1;
  return ties.size() == 1 ? ties[0] : ties[rng.below(ties.size())];
}

// Phase 4: routes the node's samples to its children, stably partitions the first `partitioned`
// features' order lists, and returns the children's ranges (their sums in `left`/`right`).
template <bool kWeighted>
void split_node(const PresortedFeatures& features, const double* target, const double* weight,
                const Range& range, int feature, std::int64_t n_left, int partitioned,
                Workspace& ws, Range& left, Range& right, double& sq_left, double& sq_right) {
  const std::size_t stride = static_cast<std::size_t>(features.rows());
  const std::int64_t count = range.end - range.start;
  // In the split feature's own order the left child is a prefix (every value up to the split's
  // left neighbour is <= the threshold, every later one > it), so the routing needs neither a
  // comparison nor a branch.
  const std::int32_t* ids = ws.order.data() + feature * stride + range.start;
  double sum_l = 0.0, sq_l = 0.0, sum_r = 0.0, sq_r = 0.0, w_l = 0.0, w_r = 0.0;
  auto route = [&](std::int64_t from, std::int64_t to, std::uint8_t goes_left, double& sum_c,
                   double& sq_c, double& w_c) {
    for (std::int64_t q = from; q < to; ++q) {
      const std::int32_t i = ids[q];
      const double w = kWeighted ? weight[i] : 1.0;
      const double t = target[i];
      ws.left[i] = goes_left;
      sum_c += w * t, sq_c += w * t * t, w_c += w;
    }
  };
  route(0, n_left, 1, sum_l, sq_l, w_l);
  route(n_left, count, 0, sum_r, sq_r, w_r);
  // Stable partition of each order list keeps every child's samples sorted per feature. The
  // left samples move down in place (never past the one being read); the right ones wait in
  // the buffer.
  for (int f = 0; f < partitioned; ++f) {
    if (f == feature) continue;  // already partitioned: its left child is the prefix
    std::int32_t* seg = ws.order.data() + f * stride + range.start;
    std::int64_t l = 0, r = 0;
    for (std::int64_t q = 0; q < count; ++q) {
      const std::int32_t i = seg[q];
      const std::int64_t goes_left = ws.left[i];
      seg[l] = i;
      ws.buffer[r] = i;
      l += goes_left;
      r += 1 - goes_left;
    }
    std::memcpy(seg + n_left, ws.buffer.data(), static_cast<std::size_t>(r) * sizeof(std::int32_t));
  }
  left = {range.start, range.start + n_left, sum_l, w_l};
  right = {range.start + n_left, range.end, sum_r, w_r};
  sq_left = sq_l;
  sq_right = sq_r;
}

Node leaf_node(const Range& range, double sq) {
  Node node;
  node.samples = range.end - range.start;
  node.weight = range.weight;
  node.impurity = impurity(range.weight, range.sum, sq);
  node.mean = range.sum / range.weight;
  return node;
}

}  // namespace

void RegressionTree::fit(const PresortedFeatures& features, const double* target, int max_depth,
                         Rng& rng, std::vector<int>& leaf_of, Workspace& ws) {
  grow<false, Criterion::kFriedmanMse>(features, target, nullptr, max_depth, rng, leaf_of, ws);
}

void RegressionTree::fit(const PresortedFeatures& features, const double* target,
                         const double* weight, Criterion criterion, int max_depth, Rng& rng,
                         std::vector<int>& leaf_of, Workspace& ws) {
  if (weight != nullptr) {
    if (criterion == Criterion::kFriedmanMse) {
      grow<true, Criterion::kFriedmanMse>(features, target, weight, max_depth, rng, leaf_of, ws);
    } else {
      grow<true, Criterion::kSquaredError>(features, target, weight, max_depth, rng, leaf_of, ws);
    }
  } else if (criterion == Criterion::kFriedmanMse) {
    grow<false, Criterion::kFriedmanMse>(features, target, nullptr, max_depth, rng, leaf_of, ws);
  } else {
    grow<false, Criterion::kSquaredError>(features, target, nullptr, max_depth, rng, leaf_of, ws);
  }
}

template <bool kWeighted, Criterion kCriterion>
void RegressionTree::grow(const PresortedFeatures& features, const double* target,
                          const double* weight, int max_depth, Rng& rng, std::vector<int>& leaf_of,
                          Workspace& ws) {
  const std::int64_t n_all = features.rows();
  const int d = features.cols();
  const std::size_t stride = static_cast<std::size_t>(n_all);
  nodes_.clear();
  leaf_of.assign(stride, kWeighted ? -1 : 0);
  ws.order.resize(stride * static_cast<std::size_t>(d));
  ws.buffer.resize(stride);
  ws.left.resize(stride);
  const std::int64_t n = seed_orders<kWeighted>(features, weight, ws);
  nodes_.emplace_back();
  std::vector<Range> ranges{make_root<kWeighted>(n_all, n, target, weight, nodes_[0])};

  auto splittable = [&](int node, int depth) {
    const Node& nd = nodes_[node];
    return depth < max_depth && nd.samples >= 2 && nd.impurity > DBL_EPSILON;
  };
  std::vector<int> open, next;
  if (splittable(0, 0)) open.push_back(0);
  SplitSearch search;
  search.per_feature.resize(static_cast<std::size_t>(d));

  // Breadth-first, one depth at a time (the order scikit-learn's nodes are numbered in).
  for (int depth = 0; !open.empty(); ++depth) {
    next.clear();
    // Children split again only below max_depth; otherwise only feature 0's list (used to find the
    // leaves' samples at the end) needs partitioning.
    const int partitioned = depth + 1 < max_depth ? d : 1;
    for (int node : open) {
      const Range range = ranges[node];
      const int feature =
          choose_split<kWeighted, kCriterion>(features, target, weight, range, rng, ws, search);
      if (feature < 0) continue;  // every feature constant in this node: it stays a leaf
      const SplitCandidate& split = search.per_feature[feature];
      Range left_range, right_range;
      double sq_left = 0.0, sq_right = 0.0;
      split_node<kWeighted>(features, target, weight, range, feature, split.position, partitioned,
                            ws, left_range, right_range, sq_left, sq_right);
      const int left = static_cast<int>(nodes_.size());
      Node& nd = nodes_[node];
      nd.feature = feature;
      nd.threshold = split.threshold;
      nd.left = left;
      nd.right = left + 1;
      nodes_.push_back(leaf_node(left_range, sq_left));
      nodes_.push_back(leaf_node(right_range, sq_right));
      ranges.push_back(left_range);
      ranges.push_back(right_range);
      if (splittable(left, depth + 1)) next.push_back(left);
      if (splittable(left + 1, depth + 1)) next.push_back(left + 1);
    }
    open.swap(next);
  }

  // Phase 5: each leaf's samples, found in feature 0's list.
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
    importance[nd.feature] +=
        nd.weight * nd.impurity - l.weight * l.impurity - r.weight * r.impurity;
  }
}

}  // namespace fb::metrics::ml
