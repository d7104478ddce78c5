// Array types shared by every metric: learned codes and ground-truth factor classes, row-major so
// an HDF5 [N, D] dataset reads straight into them.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <new>
#include <string>

namespace fb::metrics {

/// Learned representation: [N, D] float32, one row per observation, one column per code dimension.
using Codes = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

/// Read-only codes that someone else owns (a Codes, a numpy array): what the codes-only metrics read, so
/// the Python package scores the caller's array without copying it (docs/python.md "copies"). Its
/// compile-time layout and alignment are a Codes' own, so Eigen runs the same kernels on a view as on a
/// Codes and the scores are bit-identical; the data must therefore be aligned as Eigen aligns a Codes
/// (can_view_codes). A Codes converts to a view implicitly; the view must not outlive it.
class CodesView : public Eigen::Map<const Codes, Eigen::AlignedMax> {
 public:
  using Base = Eigen::Map<const Codes, Eigen::AlignedMax>;
  CodesView() : Base(nullptr, 0, 0) {}
  // Implicit on purpose: every function that reads codes takes a view, and callers pass their Codes.
  CodesView(const Codes& codes)  // NOLINT(google-explicit-constructor)
      : Base(codes.data(), codes.rows(), codes.cols()) {}
  CodesView(const float* data, Eigen::Index rows, Eigen::Index cols) : Base(data, rows, cols) {}
  CodesView(const CodesView&) = default;
  /// Points the view elsewhere. Eigen's Map assignment copies values, which a const view cannot;
  /// re-constructing a Map in place is how Eigen's documentation rebinds one.
  CodesView& operator=(const CodesView& other) {
    if (this != &other) new (this) CodesView(other);
    return *this;
  }
  ~CodesView() = default;
};

/// Whether a CodesView may point at `data`: aligned as Eigen aligns a Codes' storage
/// (EIGEN_MAX_ALIGN_BYTES; numpy's and malloc's blocks are).
inline bool can_view_codes(const void* data) {
  return reinterpret_cast<std::uintptr_t>(data) % EIGEN_MAX_ALIGN_BYTES == 0;
}

/// Ground-truth factors: [N, K] int64 class indices (>= 0), one column per factor of variation.
using Factors = Eigen::Matrix<std::int64_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

/// The scikit-learn era whose LogisticRegression defaults a metric reproduces (docs/protocols.md §4.3).
/// kPaper: <= 0.21, liblinear one-vs-rest with a regularised intercept (the published numbers).
/// kCurrent: >= 0.22, lbfgs multinomial with an unpenalised intercept.
enum class SklearnEra { kPaper, kCurrent };

/// Checks one split before a metric uses it: N > 0, D > 0, K > 0, the same N in codes and factors,
/// finite codes, non-negative factor classes. Throws DataError "<metric>: <split>: <problem>".
void check_split(const CodesView& codes, const Factors& factors, const std::string& metric,
                 const std::string& split);

/// check_split on both splits, plus equal D and K in train and test.
void check_train_test(const CodesView& train, const Factors& train_factors, const CodesView& test,
                      const Factors& test_factors, const std::string& metric);

}  // namespace fb::metrics
