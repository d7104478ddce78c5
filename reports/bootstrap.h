// Percentile bootstrap confidence intervals for a mean and a difference of means, as `factorbench compare`
// uses them over the seeds of two reproductions. Deterministic: the same seed gives the same interval on every
// platform (fb::Rng, no std:: distributions).
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

namespace fb::reports {

struct BootstrapOptions {
  int resamples = 10000;     ///< bootstrap replicates
  double confidence = 0.95;  ///< two-sided coverage of the interval
  std::uint64_t seed = 0;    ///< seeds the resampling
};

/// A confidence interval [lo, hi]; NaN bounds when there is nothing to resample.
struct Interval {
  double lo = NAN, hi = NAN;
  bool contains(double v) const { return lo <= v && v <= hi; }
};

/// Interval for mean(x): resample x with replacement, take the (1±confidence)/2 quantiles of the replicate
/// means (linear interpolation, numpy's default). Non-finite values are ignored. Used for paired differences.
Interval bootstrap_mean(const std::vector<double>& x, const BootstrapOptions& options);

/// Interval for mean(b) − mean(a), a and b independent samples, each resampled with replacement within
/// itself. Non-finite values are ignored; NaN bounds when either side has no finite value.
Interval bootstrap_mean_difference(const std::vector<double>& a, const std::vector<double>& b,
                                   const BootstrapOptions& options);

}  // namespace fb::reports
