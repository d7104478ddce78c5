// Array types shared by every metric: learned codes and ground-truth factor classes, row-major so
// an HDF5 [N, D] dataset reads straight into them.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <string>

namespace fb::metrics {

/// Learned representation: [N, D] float32, one row per observation, one column per code dimension.
using Codes = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

/// Ground-truth factors: [N, K] int64 class indices (>= 0), one column per factor of variation.
using Factors = Eigen::Matrix<std::int64_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

/// The scikit-learn era whose LogisticRegression defaults a metric reproduces (docs/protocols.md §4.3).
/// kPaper: <= 0.21, liblinear one-vs-rest with a regularised intercept (the published numbers).
/// kCurrent: >= 0.22, lbfgs multinomial with an unpenalised intercept.
enum class SklearnEra { kPaper, kCurrent };

/// Checks one split before a metric uses it: N > 0, D > 0, K > 0, the same N in codes and factors,
/// finite codes, non-negative factor classes. Throws DataError "<metric>: <split>: <problem>".
void check_split(const Codes& codes, const Factors& factors, const std::string& metric,
                 const std::string& split);

/// check_split on both splits, plus equal D and K in train and test.
void check_train_test(const Codes& train, const Factors& train_factors, const Codes& test,
                      const Factors& test_factors, const std::string& metric);

}  // namespace fb::metrics
