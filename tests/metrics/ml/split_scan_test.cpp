#include "metrics/ml/split_scan.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>

#include "core/rng.h"

namespace fb::metrics::ml {
namespace {

// The scan written as the plain sequential loop the kernel's lanes must reproduce bit for bit.
template <bool kWeighted, SplitCriterion kCriterion>
SplitCandidate plain_scan(const std::vector<std::int32_t>& ids, const std::vector<float>& x,
                          const std::vector<double>& y, const std::vector<double>& w,
                          double node_sum, double node_weight) {
  const std::int64_t n = static_cast<std::int64_t>(ids.size());
  SplitCandidate best;
  double sum = 0.0, wl = 0.0;
  for (std::int64_t p = 1; p < n; ++p) {
    const std::int32_t prev = ids[p - 1];
    sum += kWeighted ? w[prev] * y[prev] : y[prev];
    wl += kWeighted ? w[prev] : 1.0;
    const double before = x[prev], at = x[ids[p]];
    if (!(at > before + 1e-7)) continue;
    const double wr = node_weight - wl, sr = node_sum - sum;
    double proxy;
    if (kCriterion == SplitCriterion::kFriedmanMse) {
      const double diff = wr * sum - wl * sr;
      proxy = kWeighted
                  ? diff * diff / (wl * wr)
                  : diff * diff * (1.0 / (static_cast<double>(p) * static_cast<double>(n - p)));
    } else {
      proxy = sum * sum / wl + sr * sr / wr;
    }
    if (proxy > best.proxy) {
      best.proxy = proxy;
      best.threshold = before / 2.0 + at / 2.0;
      if (best.threshold == at) best.threshold = before;
      best.position = p;
      best.found = true;
    }
  }
  return best;
}

// Values on a coarse grid (many exact ties), some neighbours within 1e−7, a constant feature.
template <bool kWeighted, SplitCriterion kCriterion>
void check_against_plain_scan(std::uint64_t seed) {
  Rng rng(seed);
  const std::int64_t n = 2 + static_cast<std::int64_t>(rng.below(300));
  std::vector<float> a(n), b(n), constant(n, 0.25f);
  std::vector<double> y(n), w(n);
  for (std::int64_t i = 0; i < n; ++i) {
    a[i] = static_cast<float>(rng.below(12)) * 0.5f + (rng.below(4) == 0 ? 5e-8f : 0.0f);
    b[i] = static_cast<float>(rng.normal());
    y[i] = rng.normal();
    w[i] = 1.0 + static_cast<double>(rng.below(3));
  }
  auto order = [&](const std::vector<float>& x) {
    std::vector<std::int32_t> ids(n);
    std::iota(ids.begin(), ids.end(), 0);
    std::stable_sort(ids.begin(), ids.end(), [&](int i, int j) { return x[i] < x[j]; });
    return ids;
  };
  const auto ids_a = order(a), ids_b = order(b), ids_c = order(constant);
  double node_sum = 0.0, node_weight = 0.0;
  for (std::int64_t i = 0; i < n; ++i) {
    node_sum += kWeighted ? w[i] * y[i] : y[i];
    node_weight += kWeighted ? w[i] : 1.0;
  }
  SplitScratch scratch;
  SplitCandidate pair[2];
  for (const auto& [ids_x, x, ids_z, z] :
       {std::tuple{&ids_a, &a, &ids_b, &b}, std::tuple{&ids_b, &b, &ids_b, &b},
        std::tuple{&ids_c, &constant, &ids_a, &a}}) {
    scan_split_pair<kWeighted, kCriterion>(ids_x->data(), ids_z->data(), n, x->data(), z->data(),
                                           y.data(), w.data(), node_sum, node_weight, scratch,
                                           pair);
    const SplitCandidate expect[2] = {
        plain_scan<kWeighted, kCriterion>(*ids_x, *x, y, w, node_sum, node_weight),
        plain_scan<kWeighted, kCriterion>(*ids_z, *z, y, w, node_sum, node_weight)};
    for (int lane = 0; lane < 2; ++lane) {
      EXPECT_EQ(pair[lane].found, expect[lane].found) << "seed " << seed << " lane " << lane;
      if (!expect[lane].found) continue;
      EXPECT_EQ(pair[lane].proxy, expect[lane].proxy) << "seed " << seed;
      EXPECT_EQ(pair[lane].threshold, expect[lane].threshold) << "seed " << seed;
      EXPECT_EQ(pair[lane].position, expect[lane].position) << "seed " << seed;
    }
  }
  EXPECT_FALSE(pair[0].found);  // the constant feature has no split point
}

TEST(SplitScan, BothLanesEqualThePlainSequentialScan) {
  for (std::uint64_t seed = 0; seed < 40; ++seed) {
    check_against_plain_scan<false, SplitCriterion::kFriedmanMse>(seed);
    check_against_plain_scan<true, SplitCriterion::kFriedmanMse>(seed);
    check_against_plain_scan<false, SplitCriterion::kSquaredError>(seed);
    check_against_plain_scan<true, SplitCriterion::kSquaredError>(seed);
  }
}

TEST(SplitScan, FewerThanTwoSamplesHaveNoSplit) {
  const std::int32_t ids[] = {0};
  const float x[] = {1.0f};
  const double y[] = {2.0};
  SplitScratch scratch;
  SplitCandidate pair[2];
  scan_split_pair<false, SplitCriterion::kFriedmanMse>(ids, ids, 1, x, x, y, nullptr, 2.0, 1.0,
                                                       scratch, pair);
  EXPECT_FALSE(pair[0].found);
  EXPECT_FALSE(pair[1].found);
}

}  // namespace
}  // namespace fb::metrics::ml
