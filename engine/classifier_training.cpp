#include "engine/classifier_training.h"

#include <chrono>

#include "core/error.h"
#include "core/threads.h"
#include "engine/factor_classifier.h"
#include "engine/runtime.h"

namespace fb::engine {

Json train_classifier(const TrainClassifierOptions& o) {
  if (o.out.empty()) throw ConfigError("--out: a classifier directory is required");
  const auto config = parse<FactorClassifierConfig>(o.config, "classifier");
  configure_threads(o.threads);
  const torch::Device device = parse_device(o.device);
  disable_tf32();  // FP32 on CUDA, as the runs this classifier scores
  auto dataset = data::open_dataset(o.dataset, o.dataset_config);
  const auto t0 = std::chrono::steady_clock::now();
  FactorClassifier classifier = FactorClassifier::train(*dataset, config, o.seed, device);
  classifier.save(
      o.out, {{"dataset", o.dataset},
              {"dataset_config", o.dataset_config.is_null() ? Json::object() : o.dataset_config}});
  Json accuracy = Json::object();
  for (std::size_t k = 0; k < classifier.factors().size(); ++k)
    accuracy[classifier.factors()[k].name] = classifier.accuracy()[k];
  return {
      {"accuracy", accuracy},
      {"seconds", std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()}};
}

}  // namespace fb::engine
