// Shared sampling for the metrics scored on i.i.d. observations (MIG, SAP, DCI, modularity,
// explicitness, IRS), per protocol (docs/protocols.md §4.1): DL draws num_train (+ num_test) fresh
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
  // InfoGAN-CR's metric.py scores dSprites against the factors' class ids and bins only continuous
  // latents (Teapots') into 20 bins, so by default no factor is re-binned (docs/fidelity.md).
  std::vector<std::string> cr_binned_factors;
  std::string representation = "mean";

  template <class V>
  void visit(V&& v) {
    v("num_train", num_train, "DL: observations scored");
    v("cr_num_samples", cr_num_samples, "CR: observations scored");
    v("bins", bins, "equal-width bins per code dim");
    v("cr_binned_factors", cr_binned_factors,
      "CR: factors whose classes are re-binned into `bins` equal-width bins (continuous latents); "
      "the others keep their class ids");
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

/// Factor labels of `sample` for the histogram metrics: classes under DL; under CR, classes except
/// the factors named in cr_binned_factors, which are re-binned (cr_factor_labels).
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

/// Per factor column j: whether its dataset name is in `names` (e.g. the CR protocol's discrete or
/// re-binned factors).
std::vector<bool> columns_named(const data::Dataset& dataset, const std::vector<int>& varying,
                                const std::vector<std::string>& names);

/// CR factor labels for the histogram metrics: columns with `binned[j]` are re-binned into `bins`
/// equal-width bins (as InfoGAN-CR bins Teapots' continuous latents); the others keep their
/// classes.
Labels cr_factor_labels(const Factors& factors, const std::vector<bool>& binned, int bins);

/// The factor values (float64 [n,K']) of varying-factor classes, from the dataset's factor grids.
Eigen::MatrixXd factor_values(const data::Dataset& dataset, const std::vector<int>& varying,
                              const Factors& classes);

}  // namespace fb::metrics
