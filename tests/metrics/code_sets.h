// Tiny synthetic code sets for array-level metric tests: uniform factors and representations built
// from them (identity, duplicated, constant, noisy).
#pragma once

#include <cstdint>
#include <vector>

#include "core/rng.h"
#include "metrics/codes.h"

namespace fb::test {

/// n rows of uniform classes with cardinalities `sizes`: [n, K] int64.
inline metrics::Factors random_factors(std::int64_t n, const std::vector<std::int64_t>& sizes,
                                       std::uint64_t seed) {
  Rng rng(seed);
  metrics::Factors f(n, static_cast<std::int64_t>(sizes.size()));
  for (std::int64_t i = 0; i < n; ++i)
    for (std::size_t k = 0; k < sizes.size(); ++k)
      f(i, k) = static_cast<std::int64_t>(rng.below(sizes[k]));
  return f;
}

/// Code k = class_k: [n, K] float32.
inline metrics::Codes identity_codes(const metrics::Factors& f) { return f.cast<float>(); }

/// Each code column twice: [n, 2K].
inline metrics::Codes duplicated_codes(const metrics::Codes& c) {
  metrics::Codes out(c.rows(), 2 * c.cols());
  for (std::int64_t j = 0; j < c.cols(); ++j) {
    out.col(2 * j) = c.col(j);
    out.col(2 * j + 1) = c.col(j);
  }
  return out;
}

/// Adds N(0, sigma²) noise: a copy of `c`.
inline metrics::Codes noisy_codes(const metrics::Codes& c, double sigma, std::uint64_t seed) {
  Rng rng(seed);
  metrics::Codes out = c;
  for (std::int64_t i = 0; i < out.size(); ++i)
    out.data()[i] += static_cast<float>(sigma * rng.normal());
  return out;
}

}  // namespace fb::test
