// `factorbench select`: score a pool with one selector and record every model's score, the ranking
// and the chosen model in selection.json. Torch-free interface.
#pragma once

#include <cstdint>
#include <string>

#include "core/json.h"

namespace fb::methods {

struct SelectOptions {
  std::string pool;    ///< directory of runs, or a list file (read_pool)
  std::string method;  ///< model-centrality | udr-lasso | udr-spearman | supervised:METRIC
  Json config = Json::object();  ///< selector config keys (overlaid on the method's)
  std::string snapshot;          ///< score this snapshot of every run ("" = final models)
  std::uint64_t seed = 0;
  std::string device = "cpu";
  int threads = 0;     ///< <= 0: all hardware threads
  std::string out;     ///< selection.json (written atomically)
  bool force = false;  ///< overwrite `out`
};

/// Reads the pool, scores it, writes `out` and returns what it wrote:
///   {method, config, seed, pool, dataset, models: [{index, run, snapshot, model, score, rank}],
///    ranking: [index...], chosen: {index, run, snapshot, model, score}, details: {...}}
/// Throws ConfigError (options, unknown method, an unusable pool), DataError (IO).
Json select_models(const SelectOptions& options);

/// The short table `factorbench select` prints: rank, score, model, run; then the chosen model.
std::string selection_table(const Json& selection);

}  // namespace fb::methods
