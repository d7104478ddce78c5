// Shared sampling for the metrics scored on i.i.d. observations (MIG, SAP, DCI, modularity,
// explicitness, IRS), per protocol (REFERENCE §4.1): DL draws num_train (+ num_test) fresh
// observations; CR draws one set of cr_num_samples and scores probes on their training data. Every
// such metric draws from the same seed purposes, so they all see the same observations.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/config.h"
#include "metrics/histogram.h"
#include "metrics/metric.h"
#include "metrics/oracle_sampler.h"

namespace fb::metrics {

struct TrainTest;

/// Config of the histogram metrics (MIG, modularity): DL sizes by default.
struct HistogramMetricConfig {
  std::int64_t num_train = 10000;
  std::int64_t cr_num_samples = 73728;
  std::int64_t bins = kDefaultBins;
  std::vector<std::string> discrete_factors{"shape"};
  std::string representation = "mean";

  template <class V>
  void visit(V&& v) {
    v("num_train", num_train, "DL: observations scored");
    v("cr_num_samples", cr_num_samples, "CR: observations scored");
    v("bins", bins, "equal-width bins per code dim");
    v("discrete_factors", discrete_factors,
      "CR: factors kept as classes; the others are binned too");
    v("representation", representation, "mean | sampled");
  }
  void validate(const std::string& where) const {
    require(num_train >= 2, where + ".num_train", "must be >= 2", std::to_string(num_train));
    require(cr_num_samples >= 2, where + ".cr_num_samples", "must be >= 2",
            std::to_string(cr_num_samples));
    require(bins >= 2 && bins <= 100000, where + ".bins", "must be in [2, 100000]",
            std::to_string(bins));
    require_representation(representation, where + ".representation");
  }
};

/// Factor labels of `sample` for the histogram metrics: classes under DL, cr_factor_labels under
/// CR.
Labels histogram_factor_labels(const MetricInputs& inputs, const TrainTest& sample,
                               const HistogramMetricConfig& cfg);

/// Observations a sample-based metric scores. Under CR `test` is a copy of `train`.
struct TrainTest {
  CodeSample train, test;
  std::vector<int> varying;  ///< dataset factor index of each factor column
};

/// Draws the train (and, when num_test > 0 under DL, test) observations. Throws ConfigError on
/// missing inputs, naming `metric`.
TrainTest sample_train_test(const MetricInputs& inputs, const std::string& representation,
                            std::int64_t num_train, std::int64_t num_test,
                            std::int64_t cr_num_samples, const std::string& metric);

/// Whether factor column j is treated as discrete under CR: its dataset name is in
/// `discrete_names`.
std::vector<bool> cr_discrete_columns(const data::Dataset& dataset, const std::vector<int>& varying,
                                      const std::vector<std::string>& discrete_names);

/// CR factor labels for the histogram metrics: discrete columns keep their classes, continuous ones
/// are re-binned into `bins` equal-width bins (REFERENCE §4.1: "binned ×20 for MIG").
Labels cr_factor_labels(const Factors& factors, const std::vector<bool>& discrete, int bins);

/// The factor values (float64 [n,K']) of varying-factor classes, from the dataset's factor grids.
Eigen::MatrixXd factor_values(const data::Dataset& dataset, const std::vector<int>& varying,
                              const Factors& classes);

}  // namespace fb::metrics
