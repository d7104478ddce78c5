#include "metrics/ml/presorted_features.h"

#include <algorithm>
#include <numeric>

namespace fb::metrics::ml {

PresortedFeatures::PresortedFeatures(const Eigen::Ref<const Codes>& x)
    : rows_(x.rows()), cols_(static_cast<int>(x.cols())) {
  const std::size_t n = static_cast<std::size_t>(rows_);
  values_.resize(n * static_cast<std::size_t>(cols_));
  sorted_.resize(values_.size());
  order_.resize(values_.size());
  for (int f = 0; f < cols_; ++f) {
    float* col = values_.data() + offset(f);
    for (std::size_t i = 0; i < n; ++i) col[i] = x(static_cast<Eigen::Index>(i), f);
    std::int32_t* ord = order_.data() + offset(f);
    std::iota(ord, ord + n, 0);
    std::stable_sort(ord, ord + n,
                     [col](std::int32_t a, std::int32_t b) { return col[a] < col[b]; });
    float* srt = sorted_.data() + offset(f);
    for (std::size_t p = 0; p < n; ++p) srt[p] = col[ord[p]];
  }
}

}  // namespace fb::metrics::ml
