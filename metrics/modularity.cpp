#include "metrics/modularity.h"

#include "core/config.h"
#include "metrics/mig.h"
#include "metrics/sampled_metric.h"

namespace fb::metrics {

double modularity_from_mi(const Eigen::MatrixXd& mi) {
  const std::int64_t d = mi.rows(), k = mi.cols();
  if (d == 0) return 0.0;
  double sum = 0.0;
  for (std::int64_t i = 0; i < d; ++i) {
    const Eigen::ArrayXd sq = mi.row(i).array().square();
    const double max_sq = sq.maxCoeff();
    if (max_sq == 0.0) continue;  // a dead code scores 0
    if (k == 1) {
      sum += 1.0;
      continue;
    }
    sum += 1.0 - (sq.sum() - max_sq) / (max_sq * static_cast<double>(k - 1));
  }
  return sum / static_cast<double>(d);
}

double modularity(const CodesView& codes, const Factors& factors, int bins) {
  check_split(codes, factors, "modularity", "train");
  return modularity_from_mi(
      mutual_information_matrix(discretise_codes(codes, bins), dense_labels(factors)));
}

namespace {

class ModularityMetric : public Metric {
 public:
  explicit ModularityMetric(HistogramMetricConfig cfg) : cfg_(std::move(cfg)) {}
  Json evaluate(const MetricInputs& in) const override {
    const auto s = sample_train_test(in, cfg_.representation, cfg_.num_train, 0,
                                     cfg_.cr_num_samples, "modularity");
    const auto mi =
        mutual_information_matrix(discretise_codes(s.train.codes, static_cast<int>(cfg_.bins)),
                                  histogram_factor_labels(in, s, cfg_));
    return Json{{"modularity", modularity_from_mi(mi)}};
  }
  Json evaluate_codes(const CodeInputs& in) const override {
    return Json{{"modularity",
                 modularity(*in.train_codes, *in.train_factors, static_cast<int>(cfg_.bins))}};
  }

  Json config() const override { return to_json(cfg_); }

 private:
  HistogramMetricConfig cfg_;
};

FB_REGISTER(metric_registry(),
            {"modularity",
             "Modularity: how much each code's mutual information concentrates on one factor",
             to_json(HistogramMetricConfig{}),
             {[](const Json& cfg) -> std::unique_ptr<Metric> {
                return std::make_unique<ModularityMetric>(
                    parse<HistogramMetricConfig>(cfg, "modularity"));
              },
              MetricInfo{Needs::kCodesOnly,
                         Inclusion::kDefault,
                         {{"modularity", 0.0, 1.0, Better::kHigher}},
                         Json{{"num_train", 1000}, {"cr_num_samples", 1000}}}}});

}  // namespace
}  // namespace fb::metrics
