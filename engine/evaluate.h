// Scores a trained run with the metrics registry: `factorbench evaluate RUN_DIR`.
// Torch-free interface.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/json.h"

namespace fb::engine {

struct EvaluateOptions {
  std::string run_dir;
  std::string snapshot;                  ///< evaluate snapshots/<name>.pt instead of model.pt
  std::vector<std::string> metrics;      ///< registry names; empty or {"all"} = every registered metric
                                         ///< that needs only an encoder
  std::string protocol = "dl";           ///< dl | cr (REFERENCE §4.1)
  std::string representation = "mean";   ///< mean | sampled: sets every metric's `representation`
  std::string era = "paper";             ///< scikit-learn LogisticRegression era: paper | current
  Json metric_config = Json::object();   ///< metric name -> config overrides (sample sizes)
  std::uint64_t seed = 0;                ///< metric seed: the same for every model of a study
  std::string dataset;                   ///< oracle dataset; empty = the run's
  std::string out;                       ///< metrics.json
  bool force = false;
  int threads = 0;
  std::string device = "cpu";
};

/// Writes `out`: {"run_dir", "snapshot", "model", "protocol", "representation", "era", "seed",
/// "scores": {key: value}, "config": {metric: resolved config}, "seconds": {metric: s}, "provenance"}.
/// Returns the scores. Throws ConfigError / DataError / NumericalError.
Json evaluate_run(const EvaluateOptions& options);

}  // namespace fb::engine
