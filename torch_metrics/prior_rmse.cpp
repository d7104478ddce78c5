// prior_rmse and nmi_q (docs/protocols.md §4.6): a categorical code read on real images. nmi_q is
// the NMI between the code's factor's true class and argmax Q(c|x) (factorbench's); prior_rmse
// compares the model's prior with the held images' class frequencies after the Hungarian
// code→class matching of that table.
#include <string>
#include <vector>

#include "core/config.h"
#include "core/error.h"
#include "engine/capabilities.h"
#include "engine/model_metric_inputs.h"
#include "metrics/elastic_metrics.h"
#include "metrics/metric.h"
#include "torch_metrics/real_images.h"

namespace fb::torch_metrics {
namespace {

struct PriorRmseConfig {
  std::int64_t samples = 10000;
  std::string average = "geometric";

  template <class V>
  void visit(V&& v) {
    v("samples", samples, "real images drawn for the code/class table");
    v("average", average,
      "nmi_q's normalisation: geometric (scikit-learn <= 0.21) | arithmetic (>= 0.22)");
  }
  void validate(const std::string& where) const {
    require(samples >= 1, where + ".samples", "must be >= 1", std::to_string(samples));
    metrics::parse_nmi_average(average, where + ".average");
  }
};

class PriorRmse : public metrics::Metric {
 public:
  explicit PriorRmse(PriorRmseConfig cfg) : cfg_(std::move(cfg)) {}
  Json evaluate(const metrics::MetricInputs& in) const override {
    engine::Model& model = *engine::model_under_test(in, "prior_rmse").model;
    const data::Dataset& dataset = *in.dataset;
    const auto* categorical = engine::capability<engine::CategoricalCodeModel>(model);
    if (categorical == nullptr)
      throw ConfigError("prior_rmse: model '" + model.name() + "' has no categorical code");
    const engine::CategoricalCode code = categorical->categorical_code();
    const int f = find_factor(dataset, code.factor, "prior_rmse");
    const std::int64_t m = dataset.factors()[f].size(), k = code.classes;

    // Argmax over the code's probabilities (encode()'s first k columns).
    Rng rng = Rng::derive(in.seed, "metric:nmi");
    std::vector<std::int64_t> predicted, truth;
    for_real_images(dataset, cfg_.samples, rng, model.device(),
                    [&](const torch::Tensor& x, const std::vector<std::int64_t>& idx) {
                      torch::Tensor arg =
                          model.encode(x).mean.slice(1, 0, k).argmax(1).to(torch::kCPU);
                      for (std::int64_t i = 0; i < arg.size(0); ++i) {
                        predicted.push_back(arg[i].item<std::int64_t>());
                        truth.push_back(dataset.classes()[idx[i] * dataset.num_factors() + f]);
                      }
                    });
    const Eigen::MatrixXd counts = metrics::contingency(predicted, k, truth, m);
    std::vector<double> frequency(static_cast<std::size_t>(m), 0.0);
    for (std::int64_t i = 0; i < dataset.size(); ++i)
      frequency[dataset.classes()[i * dataset.num_factors() + f]] += 1.0 / dataset.size();
    return Json{{"nmi_q", metrics::normalized_mutual_information(
                              counts, metrics::parse_nmi_average(cfg_.average, "prior_rmse"))},
                {"prior_rmse", metrics::prior_rmse(code.prior, frequency,
                                                   metrics::match_codes_to_classes(counts))}};
  }

  Json config() const override { return to_json(cfg_); }

 private:
  PriorRmseConfig cfg_;
};

FB_REGISTER(metrics::metric_registry(),
            {"prior_rmse",
             "prior_rmse and nmi_q: a categorical code's prior and its agreement with the true "
             "class on real images (Elastic-InfoGAN)",
             to_json(PriorRmseConfig{}),
             {[](const Json& cfg) -> std::unique_ptr<metrics::Metric> {
                return std::make_unique<PriorRmse>(parse<PriorRmseConfig>(cfg, "prior_rmse"));
              },
              metrics::MetricInfo{metrics::Needs::kEncoder | metrics::Needs::kCategoricalCode,
                                  metrics::Inclusion::kAutomatic,
                                  {{"nmi_q", 0.0, 1.0, metrics::Better::kHigher},
                                   {"prior_rmse", 0.0, 1.0, metrics::Better::kLower}},
                                  Json{{"samples", 64}},
                                  {{"nmi_samples", "samples"}, {"nmi_average", "average"}}}}});

}  // namespace
}  // namespace fb::torch_metrics
