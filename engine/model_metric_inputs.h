// A loaded model and its oracle dataset wired up as metrics::MetricInputs, for `evaluate` and the
// metric registry walk: the encoders, the generator hooks where the model's codes are factor
// values, the classifier's oracle encoder, and the model itself (ModelUnderTest) for the torch
// metrics (torch_metrics/).
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <string>

#include "datagen/dataset.h"
#include "engine/factor_classifier.h"
#include "engine/model.h"
#include "metrics/metric.h"

namespace fb::engine {

/// What torch metrics read through MetricInputs::model.
struct ModelUnderTest : metrics::ModelSource {
  Model* model = nullptr;
  const FactorClassifier* classifier = nullptr;  ///< null without `--classifier`
};

/// inputs.model as a ModelUnderTest; ConfigError naming `metric` when the inputs carry no model.
const ModelUnderTest& model_under_test(const metrics::MetricInputs& inputs,
                                       const std::string& metric);
/// Its classifier; ConfigError naming `metric` when there is none.
const FactorClassifier& classifier_of(const ModelUnderTest& source, const std::string& metric);

/// The Needs bits (metrics/metric.h) that `model`, with a factor classifier when `classifier`, can
/// serve: an encoder always, a generator of factor codes, prior samples, a categorical code.
unsigned available_needs(const Model& model, bool classifier);

/// Owns the MetricInputs of one (model, dataset, classifier); keep it alive while metrics run.
/// encode_sampled draws its noise from one generator seeded by Rng::derive(seed,
/// "evaluate:sampled"), consumed in the order metrics call it.
class ModelMetricInputs {
 public:
  /// `classifier` may be null; it must match `dataset` (ConfigError otherwise).
  ModelMetricInputs(Model& model, const data::Dataset& dataset, const FactorClassifier* classifier,
                    torch::Device device, metrics::Protocol protocol, metrics::SklearnEra era,
                    std::uint64_t seed);
  ModelMetricInputs(const ModelMetricInputs&) = delete;
  ModelMetricInputs& operator=(const ModelMetricInputs&) = delete;

  const metrics::MetricInputs& inputs() const { return inputs_; }
  /// available_needs() of the model and classifier.
  unsigned available() const { return available_; }

 private:
  metrics::Encoder encoder(bool sampled);
  void wire_generator();

  Model& model_;
  const data::Dataset& dataset_;
  torch::Device device_;
  torch::Generator noise_;
  ModelUnderTest source_;
  metrics::MetricInputs inputs_;
  unsigned available_ = 0;
};

}  // namespace fb::engine
