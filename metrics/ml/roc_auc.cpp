#include "metrics/ml/roc_auc.h"

#include <algorithm>
#include <limits>
#include <numeric>

namespace fb::metrics::ml {

double roc_auc(const Eigen::Ref<const Eigen::VectorXd>& scores, const std::vector<bool>& positive) {
  const Eigen::Index n = scores.size();
  std::vector<Eigen::Index> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](Eigen::Index a, Eigen::Index b) { return scores[a] < scores[b]; });
  // Mann–Whitney U from mid-ranks of tied groups.
  double rank_sum = 0.0, n_pos = 0.0;
  for (Eigen::Index start = 0; start < n;) {
    Eigen::Index end = start + 1;
    while (end < n && scores[order[end]] == scores[order[start]]) ++end;
    const double mid_rank = 0.5 * static_cast<double>(start + 1 + end);
    for (Eigen::Index p = start; p < end; ++p) {
      if (positive[static_cast<std::size_t>(order[p])]) rank_sum += mid_rank, n_pos += 1.0;
    }
    start = end;
  }
  const double n_neg = static_cast<double>(n) - n_pos;
  if (n_pos == 0.0 || n_neg == 0.0) return std::numeric_limits<double>::quiet_NaN();
  return (rank_sum - n_pos * (n_pos + 1.0) / 2.0) / (n_pos * n_neg);
}

}  // namespace fb::metrics::ml
