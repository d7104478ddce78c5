// nmi and ent (docs/protocols.md §4.6), the released evaluation (`eval_metrics.py`): `samples`
// CategoricalCodeModel::generate_class() images per value of the categorical code, each read by the factor classifier
// (the code's factor); nmi = NMI(code, read class), ent = ENT of that table (NaN when a row or
// column is empty, as released). docs/fidelity.md "Elastic-InfoGAN" holds the points.
#include <string>

#include "core/config.h"
#include "core/error.h"
#include "core/rng.h"
#include "engine/capabilities.h"
#include "engine/model_metric_inputs.h"
#include "engine/runtime.h"
#include "metrics/elastic_metrics.h"
#include "metrics/metric.h"
#include "torch_metrics/real_images.h"

namespace fb::torch_metrics {
namespace {

struct NmiConfig {
  std::int64_t samples = 1000;
  std::string average = "geometric";

  template <class V>
  void visit(V&& v) {
    v("samples", samples, "generated images per code value (released: 1,000)");
    v("average", average,
      "NMI's normalisation: geometric (scikit-learn <= 0.21, the released evaluation) | "
      "arithmetic (>= 0.22)");
  }
  void validate(const std::string& where) const {
    require(samples >= 1, where + ".samples", "must be >= 1", std::to_string(samples));
    metrics::parse_nmi_average(average, where + ".average");
  }
};

class Nmi : public metrics::Metric {
 public:
  explicit Nmi(NmiConfig cfg) : cfg_(std::move(cfg)) {}
  Json evaluate(const metrics::MetricInputs& in) const override {
    const auto& source = engine::model_under_test(in, "nmi");
    engine::Model& model = *source.model;
    const engine::FactorClassifier& classifier = engine::classifier_of(source, "nmi");
    auto* categorical = engine::capability<engine::CategoricalCodeModel>(model);
    if (categorical == nullptr)
      throw ConfigError("nmi: model '" + model.name() + "' has no categorical code");
    const engine::CategoricalCode code = categorical->categorical_code();
    const int f = find_factor(*in.dataset, code.factor, "nmi");
    const std::int64_t m = in.dataset->factors()[f].size(), k = code.classes;
    classifier.require_compatible(*in.dataset, "--classifier");

    // Rows = code values, columns = the classifier's class (100 repeats of 10 images per value in
    // the released code, the same 1,000 draws per value here).
    torch::Generator gen =
        engine::make_generator(torch::kCPU, Rng::derive(in.seed, "metric:ent").next_u64());
    Eigen::MatrixXd counts = Eigen::MatrixXd::Zero(k, m);
    for (std::int64_t v = 0; v < k; ++v)
      for (std::int64_t s = 0; s < cfg_.samples; s += kChunk) {
        torch::Tensor cls =
            classifier
                .predict(categorical->generate_class(v, std::min(kChunk, cfg_.samples - s), gen))
                .select(1, f);
        for (std::int64_t i = 0; i < cls.size(0); ++i) counts(v, cls[i].item<std::int64_t>()) += 1;
      }
    return Json{{"nmi", metrics::normalized_mutual_information(
                            counts, metrics::parse_nmi_average(cfg_.average, "nmi"))},
                {"ent", metrics::average_entropy(counts)}};  // NaN (JSON null): an empty row
  }

  Json config() const override { return to_json(cfg_); }

 private:
  NmiConfig cfg_;
};

FB_REGISTER(metrics::metric_registry(),
            {"nmi",
             "nmi and ent: a categorical code's agreement with the factor classifier's reading of "
             "the images it generates (Elastic-InfoGAN's released evaluation)",
             to_json(NmiConfig{}),
             {[](const Json& cfg) -> std::unique_ptr<metrics::Metric> {
                return std::make_unique<Nmi>(parse<NmiConfig>(cfg, "nmi"));
              },
              metrics::MetricInfo{
                  metrics::Needs::kCategoricalCode | metrics::Needs::kClassifier,
                  metrics::Inclusion::kAutomatic,
                  {{"nmi", 0.0, 1.0, metrics::Better::kHigher},
                   {"ent", 0.0, metrics::kUnbounded, metrics::Better::kLower, true}},
                  Json{{"samples", 16}},
                  {{"ent_samples", "samples"}, {"nmi_average", "average"}}}}});

}  // namespace
}  // namespace fb::torch_metrics
