#include "metrics/irs.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/config.h"
#include "core/error.h"
#include "core/threads.h"
#include "metrics/mig.h"
#include "metrics/sampled_metric.h"

namespace fb::metrics {

namespace {

// numpy.percentile's default ("linear"): position (n−1)·q between the order statistics.
double quantile_in_place(std::vector<double>& v, double q) {
  const double h = (static_cast<double>(v.size()) - 1.0) * q;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(lo), v.end());
  const double a = v[lo];
  // The next order statistic is the minimum of the part above lo.
  const double b =
      hi == lo ? a : *std::min_element(v.begin() + static_cast<std::ptrdiff_t>(lo) + 1, v.end());
  return a + (h - static_cast<double>(lo)) * (b - a);
}

}  // namespace

IrsResult irs(const CodesView& codes, const Factors& factors, double diff_quantile, int bins) {
  check_split(codes, factors, "IRS", "train");
  if (!(diff_quantile >= 0.0 && diff_quantile <= 1.0))
    throw ConfigError("IRS: diff_quantile must be in [0, 1]");
  if (!codes.allFinite()) throw NumericalError("IRS: codes contain NaN or Inf");
  const std::int64_t n = codes.rows(), k = factors.cols();
  const Eigen::MatrixXd z_all = codes.cast<double>();

  // Drop dims with zero standard deviation.
  std::vector<std::int64_t> active;
  const Eigen::RowVectorXd mean_all = z_all.colwise().mean();
  for (std::int64_t c = 0; c < z_all.cols(); ++c)
    if ((z_all.col(c).array() - mean_all(c)).abs().maxCoeff() > 0.0) active.push_back(c);
  IrsResult r;
  r.num_active_dims = static_cast<int>(active.size());
  if (active.empty()) return r;
  const std::int64_t d = r.num_active_dims;
  Eigen::MatrixXd z(n, d);
  for (std::int64_t c = 0; c < d; ++c) z.col(c) = z_all.col(active[c]);

  // Rows of each (factor, bin) group.
  const Labels g = discretise_factors(factors, bins);
  std::vector<std::vector<std::vector<std::int64_t>>> groups(static_cast<std::size_t>(k));
  for (std::int64_t j = 0; j < k; ++j) {
    groups[j].resize(static_cast<std::size_t>(g.col(j).maxCoeff()) + 1);
    for (std::int64_t i = 0; i < n; ++i) groups[j][g(i, j)].push_back(i);
  }

  Eigen::MatrixXd cum = Eigen::MatrixXd::Zero(d, k);
  parallel_for(d * k, [&](std::int64_t p0, std::int64_t p1) {
    std::vector<double> diffs;
    for (std::int64_t p = p0; p < p1; ++p) {
      const std::int64_t c = p / k, j = p % k;
      int distinct = 0;
      for (const auto& rows : groups[j]) {
        if (rows.empty()) continue;
        ++distinct;
        double e = 0.0;
        for (auto i : rows) e += z(i, c);
        e /= static_cast<double>(rows.size());
        diffs.resize(rows.size());
        for (std::size_t t = 0; t < rows.size(); ++t) diffs[t] = std::fabs(z(rows[t], c) - e);
        cum(c, j) += quantile_in_place(diffs, diff_quantile);
      }
      cum(c, j) /= distinct;
    }
  });

  r.max_deviation = (z.rowwise() - z.colwise().mean()).cwiseAbs().colwise().maxCoeff().transpose();
  r.matrix =
      Eigen::MatrixXd::Ones(d, k) - (cum.array().colwise() / r.max_deviation.array()).matrix();
  r.per_code = r.matrix.rowwise().maxCoeff();
  const double weight = r.max_deviation.sum();
  r.irs = weight > 0.0 ? r.per_code.dot(r.max_deviation) / weight : r.per_code.mean();
  return r;
}

namespace {

struct IrsConfig {
  std::int64_t num_train = 10000;
  std::int64_t cr_num_samples = 73728;
  double diff_quantile = 0.99;
  std::int64_t bins = kDefaultBins;
  std::string representation = "mean";

  template <class V>
  void visit(V&& v) {
    v("num_train", num_train, "DL: observations scored");
    v("cr_num_samples", cr_num_samples, "CR: observations scored");
    v("diff_quantile", diff_quantile, "quantile of the per-group deviations");
    v("bins", bins, "equal-width bins the factors are re-binned into");
    v("representation", representation, "mean | sampled");
  }
  void validate(const std::string& where) const {
    require(num_train >= 2, where + ".num_train", "must be >= 2", std::to_string(num_train));
    require(cr_num_samples >= 2, where + ".cr_num_samples", "must be >= 2",
            std::to_string(cr_num_samples));
    require(diff_quantile >= 0 && diff_quantile <= 1, where + ".diff_quantile", "must be in [0, 1]",
            format_number(diff_quantile));
    require(bins >= 2 && bins <= 100000, where + ".bins", "must be in [2, 100000]",
            std::to_string(bins));
    require_representation(representation, where + ".representation");
  }
};

class IrsMetric : public Metric {
 public:
  explicit IrsMetric(IrsConfig cfg) : cfg_(std::move(cfg)) {}
  Json evaluate(const MetricInputs& in) const override {
    const auto s =
        sample_train_test(in, cfg_.representation, cfg_.num_train, 0, cfg_.cr_num_samples, "irs");
    const auto r =
        irs(s.train.codes, s.train.factors, cfg_.diff_quantile, static_cast<int>(cfg_.bins));
    return Json{{"irs", r.irs}, {"irs_num_active_dims", r.num_active_dims}};
  }

  Json config() const override { return to_json(cfg_); }

 private:
  IrsConfig cfg_;
};

FB_REGISTER(metric_registry(),
            {"irs",
             "Interventional Robustness Score: how little each code moves when other factors are "
             "intervened on",
             to_json(IrsConfig{}),
             {[](const Json& cfg) -> std::unique_ptr<Metric> {
                return std::make_unique<IrsMetric>(parse<IrsConfig>(cfg, "irs"));
              },
              // It draws its own observations; evaluate-codes keeps docs/protocols.md §4.7's keys.
              MetricInfo{Needs::kEncoder,
                         Inclusion::kDefault,
                         {{"irs_num_active_dims", 0.0, kUnbounded, Better::kNeither},
                          {"irs", 0.0, 1.0, Better::kHigher}},
                         Json{{"num_train", 1000}, {"cr_num_samples", 1000}}}}});

}  // namespace
}  // namespace fb::metrics
