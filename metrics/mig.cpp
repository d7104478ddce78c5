#include "metrics/mig.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "core/config.h"
#include "core/error.h"
#include "metrics/sampled_metric.h"

namespace fb::metrics {

MigResult mig_from_labels(const Labels& codes, const Labels& factors) {
  MigResult r;
  r.mutual_information = mutual_information_matrix(codes, factors);
  r.entropy = discrete_entropy(factors);
  const std::int64_t d = codes.cols(), k = factors.cols();
  r.per_factor.resize(k);
  double sum = 0.0;
  int defined = 0;
  for (std::int64_t j = 0; j < k; ++j) {
    if (r.entropy(j) <= 0.0) {
      r.per_factor(j) = std::numeric_limits<double>::quiet_NaN();
      r.undefined_factors.push_back(static_cast<int>(j));
      continue;
    }
    // With one code the runner-up MI is 0 (disentanglement_lib would index out of range).
    double top1 = 0.0, top2 = 0.0;
    for (std::int64_t i = 0; i < d; ++i) {
      const double m = r.mutual_information(i, j);
      if (m > top1) {
        top2 = top1;
        top1 = m;
      } else if (m > top2) {
        top2 = m;
      }
    }
    r.per_factor(j) = (top1 - top2) / r.entropy(j);
    sum += r.per_factor(j);
    ++defined;
  }
  if (defined == 0)
    throw DataError("MIG: every factor has a single class in the sample; MIG is undefined");
  r.mig = sum / defined;
  return r;
}

MigResult mig(const CodesView& codes, const Factors& factors, int bins) {
  check_split(codes, factors, "MIG", "train");
  return mig_from_labels(discretise_codes(codes, bins), dense_labels(factors));
}

namespace {

class MigMetric : public Metric {
 public:
  explicit MigMetric(HistogramMetricConfig cfg) : cfg_(std::move(cfg)) {}
  Json evaluate(const MetricInputs& in) const override {
    const auto s =
        sample_train_test(in, cfg_.representation, cfg_.num_train, 0, cfg_.cr_num_samples, "mig");
    const auto r = mig_from_labels(discretise_codes(s.train.codes, static_cast<int>(cfg_.bins)),
                                   histogram_factor_labels(in, s, cfg_));
    return Json{{"mig", r.mig}};
  }
  Json evaluate_codes(const CodeInputs& in) const override {
    return Json{{"mig", mig(*in.train_codes, *in.train_factors, static_cast<int>(cfg_.bins)).mig}};
  }

  Json config() const override { return to_json(cfg_); }

 private:
  HistogramMetricConfig cfg_;
};

FB_REGISTER(metric_registry(),
            {"mig",
             "Mutual Information Gap: mean normalised gap between the two codes most informative "
             "of each factor",
             to_json(HistogramMetricConfig{}),
             {[](const Json& cfg) -> std::unique_ptr<Metric> {
                return std::make_unique<MigMetric>(parse<HistogramMetricConfig>(cfg, "mig"));
              },
              MetricInfo{Needs::kCodesOnly,
                         Inclusion::kDefault,
                         {{"mig", 0.0, 1.0, Better::kHigher}},
                         Json{{"num_train", 1000}, {"cr_num_samples", 1000}}}}});

}  // namespace
}  // namespace fb::metrics
