// FD_fb (docs/protocols.md §4.5): the Fréchet distance between the factor classifier's features of
// `samples` real images (drawn uniformly from the held ones) and of as many images from the
// model's prior (PriorSampling::sample_images(), engine/capabilities.h).
#include <string>
#include <vector>

#include "core/config.h"
#include "core/error.h"
#include "core/rng.h"
#include "engine/capabilities.h"
#include "engine/model_metric_inputs.h"
#include "engine/runtime.h"
#include "metrics/frechet_distance.h"
#include "metrics/metric.h"
#include "torch_metrics/real_images.h"

namespace fb::torch_metrics {
namespace {

struct FdFbConfig {
  std::int64_t samples = 10000;

  template <class V>
  void visit(V&& v) {
    v("samples", samples, "real and generated images (each)");
  }
  void validate(const std::string& where) const {
    require(samples >= 2, where + ".samples", "must be >= 2", std::to_string(samples));
  }
};

class FdFb : public metrics::Metric {
 public:
  explicit FdFb(FdFbConfig cfg) : cfg_(cfg) {}
  Json evaluate(const metrics::MetricInputs& in) const override {
    const auto& source = engine::model_under_test(in, "fd_fb");
    engine::Model& model = *source.model;
    const engine::FactorClassifier& classifier = engine::classifier_of(source, "fd_fb");
    classifier.require_compatible(*in.dataset, "--classifier");
    Rng rng = Rng::derive(in.seed, "metric:fd_fb");
    std::vector<torch::Tensor> real, fake;
    for_real_images(*in.dataset, cfg_.samples, rng, model.device(),
                    [&](const torch::Tensor& x, const std::vector<std::int64_t>&) {
                      real.push_back(classifier.features(x));
                    });
    auto* sampling = engine::capability<engine::PriorSampling>(model);
    if (sampling == nullptr)
      throw ConfigError("fd_fb: model '" + model.name() + "' has no generator");
    torch::Generator gen = engine::make_generator(
        torch::kCPU, Rng::derive(in.seed, "metric:fd_fb:generate").next_u64());
    for (std::int64_t s = 0; s < cfg_.samples; s += kChunk)
      fake.push_back(
          classifier.features(sampling->sample_images(std::min(kChunk, cfg_.samples - s), gen)));
    return Json{
        {"fd_fb", metrics::frechet_distance(metrics::fit_gaussian(to_eigen(torch::cat(real, 0))),
                                            metrics::fit_gaussian(to_eigen(torch::cat(fake, 0))))}};
  }

  Json config() const override { return to_json(cfg_); }

 private:
  FdFbConfig cfg_;
};

FB_REGISTER(metrics::metric_registry(),
            {"fd_fb",
             "FD_fb: Fréchet distance between factor-classifier features of real images and of "
             "images from the model's prior (lower is better)",
             to_json(FdFbConfig{}),
             {[](const Json& cfg) -> std::unique_ptr<metrics::Metric> {
                return std::make_unique<FdFb>(parse<FdFbConfig>(cfg, "fd_fb"));
              },
              metrics::MetricInfo{metrics::Needs::kSampler | metrics::Needs::kClassifier,
                                  metrics::Inclusion::kAutomatic,
                                  {{"fd_fb", 0.0, metrics::kUnbounded, metrics::Better::kLower}},
                                  Json{{"samples", 32}},
                                  {{"fd_samples", "samples"}}}}});

}  // namespace
}  // namespace fb::torch_metrics
