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
  std::string snapshot;  ///< evaluate snapshots/<name>.pt instead of model.pt
  /// Registry names; empty or {"all"} = every metric evaluate runs by default whose needs the
  /// model and classifier meet; {"none"} = only the automatic ones (metrics::select_metrics).
  std::vector<std::string> metrics;
  std::string protocol = "dl";          ///< dl | cr (docs/protocols.md §4.1)
  std::string representation = "mean";  ///< mean | sampled: sets every metric's `representation`
  std::string era = "paper";            ///< scikit-learn LogisticRegression era: paper | current
  Json metric_config = Json::object();  ///< metric name -> config overrides (sample sizes)
  std::uint64_t seed = 0;               ///< metric seed: the same for every model of a study
  std::string dataset;                  ///< oracle dataset; empty = the run's
  std::string out;                      ///< metrics.json
  bool force = false;
  int threads = 0;
  std::string device = "cpu";
  /// A factor classifier directory (`factorbench train-classifier`): serves the metrics that
  /// declare Needs::kClassifier (mig_gen and l2_gen for models whose codes are factor values; fd_fb,
  /// nmi and ent from torch_metrics/). Their sample sizes are metric configs (fd_fb.samples, ...).
  std::string classifier;
};

/// Runs metrics::select_metrics(options.metrics, what the model and classifier serve): the metrics
/// asked for, then those that declare Inclusion::kAutomatic (the model-side scores: prior_rmse for a
/// categorical code; nmi and fd_fb with a classifier). Writes `out`: {"run_dir", "snapshot", "model", "protocol", "representation", "era", "seed",
/// "classifier" (when given), "scores": {key: value}, "config": {metric: resolved config},
/// "seconds": {metric: s}, "provenance"}.
/// Returns the scores. Throws ConfigError / DataError / NumericalError.
Json evaluate_run(const EvaluateOptions& options);

}  // namespace fb::engine
