// Feature columns with their ascending sample order, computed once and shared by every tree of a
// gradient-boosting fit (all trees split the same float32 features).
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <vector>

#include "metrics/codes.h"

namespace fb::metrics::ml {

class PresortedFeatures {
 public:
  /// Copies `x` ([N, D] float32) column by column and sorts each column; equal values keep
  /// ascending sample order, so features that induce the same order are scanned identically (exact
  /// ties).
  explicit PresortedFeatures(const Eigen::Ref<const Codes>& x);

  std::int64_t rows() const { return rows_; }
  int cols() const { return cols_; }
  /// Feature f in sample order: [N] float32.
  const float* column(int f) const { return values_.data() + offset(f); }
  /// Sample indices of feature f in ascending value order: [N] int32.
  const std::int32_t* order(int f) const { return order_.data() + offset(f); }
  /// Feature f's values in that order: [N] float32.
  const float* sorted(int f) const { return sorted_.data() + offset(f); }

 private:
  std::size_t offset(int f) const {
    return static_cast<std::size_t>(f) * static_cast<std::size_t>(rows_);
  }

  std::int64_t rows_ = 0;
  int cols_ = 0;
  std::vector<float> values_, sorted_;
  std::vector<std::int32_t> order_;
};

}  // namespace fb::metrics::ml
