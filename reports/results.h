// The results store: reads every finished job's JSON, aggregates per row and per selection, and writes
// results.csv (one line per run; pandas.read_csv loads it) and results.json.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/json.h"
#include "reports/jobs.h"
#include "reports/spec.h"

namespace fb::reports {

/// Mean and population std (ddof 0, docs/protocols.md §7 #8) of the finite values, with their count. `nan`
/// counts runs whose metric reported NaN itself (JSON null, e.g. Elastic-InfoGAN's ENT with an empty
/// row): as in the released evaluation's np.mean, any such run makes the mean and std NaN.
struct Stat {
  double mean = NAN, std = NAN;
  int n = 0;
  int nan = 0;
};
Stat summarise(const std::vector<double>& values);

/// A run's identity wherever the results directory lies: "runs/<row>/seed-<s>" (the whole path if it has
/// no runs/ part).
std::string run_key(const std::string& dir);

struct RunResult {
  std::string row;
  std::int64_t seed = 0;
  std::string run_dir;
  Json metrics = Json::object();  ///< the metrics.json "scores" object
};

struct SelectionResult {
  std::string selection, method;
  std::vector<std::string>
      chosen;              ///< run directory chosen by each repeat (or the supervised row's runs)
  std::string chosen_row;  ///< supervised: the chosen setting; unsupervised: the row of repeat 0
  std::map<std::string, Stat> columns;  ///< column id -> value of the chosen model(s) over repeats
  Json scores = Json::array();          ///< per-model scores of repeat 0 (for the plots)
};

struct Results {
  std::vector<RunResult> runs;
  std::map<std::string, std::map<std::string, Stat>> rows;  ///< row -> column -> stat over its runs
  std::vector<SelectionResult> selections;
  /// selection id -> models in its pool (the planned pool: every evaluation job of a pool run,
  /// finished or not)
  std::map<std::string, std::int64_t> pool_sizes;
  int missing_jobs = 0;  ///< evaluations and selections whose outputs do not exist yet
};

/// Reads what exists under the manifest's output directory.
Results collect_results(const Spec& spec, const std::vector<Job>& jobs);
/// Writes results.csv and results.json into `out_dir` (atomically).
void write_results(const Spec& spec, const Results& results, const std::string& out_dir);

}  // namespace fb::reports
