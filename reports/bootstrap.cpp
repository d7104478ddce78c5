#include "reports/bootstrap.h"

#include <algorithm>

#include "core/config.h"
#include "core/rng.h"

namespace fb::reports {

namespace {

std::vector<double> finite(const std::vector<double>& v) {
  std::vector<double> out;
  for (double x : v)
    if (std::isfinite(x)) out.push_back(x);
  return out;
}

double resampled_mean(const std::vector<double>& x, Rng& rng) {
  double sum = 0;
  for (std::size_t i = 0; i < x.size(); ++i) sum += x[rng.below(x.size())];
  return sum / static_cast<double>(x.size());
}

// numpy.quantile's default (linear interpolation between order statistics) of a sorted sample.
double quantile(const std::vector<double>& sorted, double q) {
  const double pos = q * static_cast<double>(sorted.size() - 1);
  const auto i = static_cast<std::size_t>(pos);
  if (i + 1 >= sorted.size()) return sorted.back();
  return sorted[i] + (pos - static_cast<double>(i)) * (sorted[i + 1] - sorted[i]);
}

Interval percentile_interval(std::vector<double> replicates, double confidence) {
  std::sort(replicates.begin(), replicates.end());
  const double alpha = 1.0 - confidence;
  return {quantile(replicates, alpha / 2), quantile(replicates, 1.0 - alpha / 2)};
}

void check(const BootstrapOptions& o) {
  require(o.resamples >= 100, "bootstrap.resamples", "must be >= 100", std::to_string(o.resamples));
  require(o.confidence > 0 && o.confidence < 1, "bootstrap.confidence", "must be in (0, 1)",
          format_number(o.confidence));
}

}  // namespace

Interval bootstrap_mean(const std::vector<double>& values, const BootstrapOptions& o) {
  check(o);
  const auto x = finite(values);
  if (x.empty()) return {};
  Rng rng = Rng::derive(o.seed, "bootstrap_mean");
  std::vector<double> reps(static_cast<std::size_t>(o.resamples));
  for (auto& r : reps) r = resampled_mean(x, rng);
  return percentile_interval(std::move(reps), o.confidence);
}

Interval bootstrap_mean_difference(const std::vector<double>& a_values,
                                   const std::vector<double>& b_values, const BootstrapOptions& o) {
  check(o);
  const auto a = finite(a_values), b = finite(b_values);
  if (a.empty() || b.empty()) return {};
  Rng rng = Rng::derive(o.seed, "bootstrap_mean_difference");
  std::vector<double> reps(static_cast<std::size_t>(o.resamples));
  for (auto& r : reps) {
    const double ma = resampled_mean(a, rng);
    r = resampled_mean(b, rng) - ma;
  }
  return percentile_interval(std::move(reps), o.confidence);
}

}  // namespace fb::reports
