#include "metrics/ml/split_scan.h"

#include <emmintrin.h>

namespace fb::metrics::ml {

namespace {

inline __m128d select(__m128d mask, __m128d a, __m128d b) {
  return _mm_or_pd(_mm_and_pd(mask, a), _mm_andnot_pd(mask, b));
}

// (x[i], y[j]) widened to double.
inline __m128d gather_floats(const float* x, std::int32_t i, const float* y, std::int32_t j) {
  return _mm_cvtps_pd(_mm_unpacklo_ps(_mm_load_ss(x + i), _mm_load_ss(y + j)));
}
inline __m128d gather_doubles(const double* x, std::int32_t i, std::int32_t j) {
  return _mm_loadh_pd(_mm_load_sd(x + i), x + j);
}

}  // namespace

// Lane 0 scans feature a, lane 1 feature b: two independent serial scans (each lane performs
// exactly the scalar scan's operations in the scalar order), so the chain of running sums of one
// feature overlaps the other's and no branch depends on the data.
template <bool kWeighted, SplitCriterion kCriterion>
void scan_split_pair(const std::int32_t* ids_a, const std::int32_t* ids_b, std::int64_t count,
                     const float* column_a, const float* column_b, const double* target,
                     const double* weight, double node_sum, double node_weight,
                     SplitScratch& scratch, SplitCandidate out[2]) {
  out[0] = out[1] = SplitCandidate{};
  if (count < 2) return;
  // Unweighted Friedman scans (gradient boosting's) share 1/(p·(count − p)) across the node's
  // features: one division per position per node instead of one per position per feature.
  constexpr bool kTable = !kWeighted && kCriterion == SplitCriterion::kFriedmanMse;
  const double* inverse = nullptr;
  if constexpr (kTable) {
    if (scratch.inverse_count != count) {
      scratch.inverse.resize(static_cast<std::size_t>(count));
      for (std::int64_t p = 1; p < count; ++p)
        scratch.inverse[static_cast<std::size_t>(p)] =
            1.0 / (static_cast<double>(p) * static_cast<double>(count - p));
      scratch.inverse_count = count;
    }
    inverse = scratch.inverse.data();
  }

  const __m128d threshold = _mm_set1_pd(kFeatureThreshold), total = _mm_set1_pd(node_sum),
                node_w = _mm_set1_pd(node_weight), none = _mm_set1_pd(-1.0),
                not_a_split = _mm_set1_pd(1e300);
  std::int32_t i = ids_a[0], j = ids_b[0];
  __m128d last = gather_floats(column_a, i, column_b, j);
  __m128d w_l = kWeighted ? gather_doubles(weight, i, j) : _mm_set1_pd(1.0);
  __m128d sum_l = gather_doubles(target, i, j);
  if constexpr (kWeighted) sum_l = _mm_mul_pd(w_l, sum_l);
  __m128d top = none, top_pos = _mm_setzero_pd();
  // Position p splits [0, p) | [p, count).
  for (std::int64_t p = 1; p < count; ++p) {
    i = ids_a[p];
    j = ids_b[p];
    const __m128d v = gather_floats(column_a, i, column_b, j);
    const __m128d valid = _mm_cmpgt_pd(v, _mm_add_pd(last, threshold));
    // Unweighted, the left weight is the position itself.
    const __m128d pos = kWeighted ? _mm_set1_pd(static_cast<double>(p)) : w_l;
    const __m128d w_r = _mm_sub_pd(node_w, w_l);
    const __m128d sum_r = _mm_sub_pd(total, sum_l);
    __m128d proxy;
    if constexpr (kCriterion == SplitCriterion::kFriedmanMse) {
      const __m128d diff = _mm_sub_pd(_mm_mul_pd(w_r, sum_l), _mm_mul_pd(w_l, sum_r));
      proxy = kTable ? _mm_mul_pd(_mm_mul_pd(diff, diff), _mm_load1_pd(inverse + p))
                     : _mm_div_pd(_mm_mul_pd(diff, diff), _mm_mul_pd(w_l, w_r));
    } else {
      proxy = _mm_add_pd(_mm_div_pd(_mm_mul_pd(sum_l, sum_l), w_l),
                         _mm_div_pd(_mm_mul_pd(sum_r, sum_r), w_r));
    }
    // Not a split point: the proxy drops far below the initial −1 (x − 0 = x exactly otherwise).
    proxy = _mm_sub_pd(proxy, _mm_andnot_pd(valid, not_a_split));
    const __m128d better = _mm_cmpgt_pd(proxy, top);
    top = _mm_max_pd(proxy, top);
    top_pos = select(better, pos, top_pos);
    const __m128d t = gather_doubles(target, i, j);
    if constexpr (kWeighted) {
      const __m128d w = gather_doubles(weight, i, j);
      w_l = _mm_add_pd(w_l, w);
      sum_l = _mm_add_pd(sum_l, _mm_mul_pd(w, t));
    } else {
      w_l = _mm_add_pd(w_l, _mm_set1_pd(1.0));
      sum_l = _mm_add_pd(sum_l, t);
    }
    last = v;
  }

  alignas(16) double lane_top[2], lane_pos[2];
  _mm_store_pd(lane_top, top);
  _mm_store_pd(lane_pos, top_pos);
  const std::int32_t* ids[2] = {ids_a, ids_b};
  const float* columns[2] = {column_a, column_b};
  for (int lane = 0; lane < 2; ++lane) {
    if (lane_top[lane] < 0.0) continue;  // no split point: every value equal within 1e−7
    const std::int64_t p = static_cast<std::int64_t>(lane_pos[lane]);
    const double before = columns[lane][ids[lane][p - 1]], at = columns[lane][ids[lane][p]];
    SplitCandidate& c = out[lane];
    c.proxy = lane_top[lane];
    c.position = p;
    c.threshold = before / 2.0 + at / 2.0;
    if (c.threshold == at) c.threshold = before;
    c.found = true;
  }
}

#define FB_SCAN_SPLIT_PAIR(W, C)                                                                \
  template void scan_split_pair<W, C>(const std::int32_t*, const std::int32_t*, std::int64_t,   \
                                      const float*, const float*, const double*, const double*, \
                                      double, double, SplitScratch&, SplitCandidate[2]);
FB_SCAN_SPLIT_PAIR(false, SplitCriterion::kFriedmanMse)
FB_SCAN_SPLIT_PAIR(true, SplitCriterion::kFriedmanMse)
FB_SCAN_SPLIT_PAIR(false, SplitCriterion::kSquaredError)
FB_SCAN_SPLIT_PAIR(true, SplitCriterion::kSquaredError)
#undef FB_SCAN_SPLIT_PAIR

}  // namespace fb::metrics::ml
