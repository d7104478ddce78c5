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
  std::string snapshot;              ///< evaluate snapshots/<name>.pt instead of model.pt
  std::vector<std::string> metrics;  ///< registry names; empty or {"all"} = every registered metric
                                     ///< that needs only an encoder
  std::string protocol = "dl";       ///< dl | cr (docs/protocols.md §4.1)
  std::string representation = "mean";  ///< mean | sampled: sets every metric's `representation`
  std::string era = "paper";            ///< scikit-learn LogisticRegression era: paper | current
  Json metric_config = Json::object();  ///< metric name -> config overrides (sample sizes)
  std::uint64_t seed = 0;               ///< metric seed: the same for every model of a study
  std::string dataset;                  ///< oracle dataset; empty = the run's
  std::string out;                      ///< metrics.json
  bool force = false;
  int threads = 0;
  std::string device = "cpu";
  /// A factor classifier directory (`factorbench train-classifier`): enables nmi and ent
  /// (categorical-code models), fd_fb (models that sample from a prior) and mig_gen / l2_gen (models whose codes are
  /// normalised factor values, Model::factor_codes()).
  std::string classifier;
  std::int64_t nmi_samples =
      10000;  ///< real images for nmi_q / prior_rmse (docs/protocols.md §4.6)
  std::int64_t ent_samples = 1000;        ///< generated images per code value for nmi and ent
  std::string nmi_average = "geometric";  ///< geometric (scikit-learn <= 0.21) | arithmetic
  std::int64_t fd_samples =
      10000;  ///< real and generated images for fd_fb (docs/protocols.md §4.5)
};

/// Models with a categorical code (Model::categorical_code()) also get nmi_q and prior_rmse, and nmi
/// and ent with a classifier (engine/generative_scores.h); fd_fb is added for models that sample images when a classifier is given.
/// Writes `out`: {"run_dir", "snapshot", "model", "protocol", "representation", "era", "seed",
/// "scores": {key: value}, "config": {metric: resolved config}, "seconds": {metric: s}, "provenance"}.
/// Returns the scores. Throws ConfigError / DataError / NumericalError.
Json evaluate_run(const EvaluateOptions& options);

}  // namespace fb::engine
