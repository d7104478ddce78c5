// The "mixing" code set shared by the metric benchmarks (wall time and instruction counts): factors
// uniform on dSprites' five varying grids, codes = the normalised factors through a fixed random
// mixing plus Gaussian noise (the same construction as the sklearn cross-check's "mixing" set).
#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <vector>

#include "core/rng.h"
#include "metrics/evaluate_codes.h"

namespace fb::bench {

inline const std::vector<std::int64_t> kMixingFactorSizes{3, 6, 40, 32, 32};
constexpr std::int64_t kMixingCodes = 10;

inline metrics::CodeSet mixing_code_set(std::int64_t n_train, std::int64_t n_test,
                                        std::uint64_t seed) {
  const auto& kSizes = kMixingFactorSizes;
  Rng rng(seed);
  Eigen::MatrixXd mixing(static_cast<Eigen::Index>(kSizes.size()), kMixingCodes);
  for (Eigen::Index i = 0; i < mixing.size(); ++i) mixing.data()[i] = rng.normal();
  auto split = [&](std::int64_t n, metrics::Codes& c, metrics::Factors& f) {
    f.resize(n, static_cast<Eigen::Index>(kSizes.size()));
    Eigen::MatrixXd v(n, f.cols());
    for (std::int64_t i = 0; i < n; ++i)
      for (std::size_t k = 0; k < kSizes.size(); ++k) {
        f(i, k) = static_cast<std::int64_t>(rng.below(kSizes[k]));
        v(i, k) = static_cast<double>(f(i, k)) / static_cast<double>(kSizes[k] - 1);
      }
    Eigen::MatrixXd z = v * mixing;
    for (Eigen::Index i = 0; i < z.size(); ++i) z.data()[i] += 0.05 * rng.normal();
    c = z.cast<float>();
  };
  metrics::CodeSet s;
  split(n_train, s.train_codes, s.train_factors);
  split(n_test, s.test_codes, s.test_factors);
  s.has_test = true;
  return s;
}

}  // namespace fb::bench
