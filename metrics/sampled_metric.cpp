#include "metrics/sampled_metric.h"

#include <algorithm>

#include "core/rng.h"

namespace fb::metrics {

TrainTest sample_train_test(const MetricInputs& inputs, const std::string& representation,
                            std::int64_t num_train, std::int64_t num_test,
                            std::int64_t cr_num_samples, const std::string& metric) {
  check_inputs(inputs, metric);
  OracleSampler sampler(*inputs.dataset, select_encoder(inputs, representation, metric),
                        inputs.code_dim);
  TrainTest out;
  out.varying = sampler.varying();
  if (inputs.protocol == Protocol::kCr) {
    out.train = sampler.sample(cr_num_samples, Rng::derive(inputs.seed, "cr:samples").next_u64());
    out.test = out.train;
  } else {
    out.train = sampler.sample(num_train, Rng::derive(inputs.seed, "dl:train").next_u64());
    if (num_test > 0)
      out.test = sampler.sample(num_test, Rng::derive(inputs.seed, "dl:test").next_u64());
  }
  return out;
}

std::vector<bool> columns_named(const data::Dataset& dataset, const std::vector<int>& varying,
                                const std::vector<std::string>& names) {
  std::vector<bool> out;
  for (int k : varying) {
    const auto& name = dataset.factors()[k].name;
    out.push_back(std::find(names.begin(), names.end(), name) != names.end());
  }
  return out;
}

Labels cr_factor_labels(const Factors& factors, const std::vector<bool>& binned, int bins) {
  const Labels dense = dense_labels(factors), rebinned = discretise_factors(factors, bins);
  Labels out(factors.rows(), factors.cols());
  for (std::int64_t j = 0; j < factors.cols(); ++j)
    out.col(j) = binned[j] ? rebinned.col(j) : dense.col(j);
  return out;
}

Eigen::MatrixXd factor_values(const data::Dataset& dataset, const std::vector<int>& varying,
                              const Factors& classes) {
  Eigen::MatrixXd out(classes.rows(), classes.cols());
  for (std::int64_t j = 0; j < classes.cols(); ++j) {
    const auto& values = dataset.factors()[varying[j]].values;
    for (std::int64_t i = 0; i < classes.rows(); ++i)
      out(i, j) = values[static_cast<std::size_t>(classes(i, j))];
  }
  return out;
}

Labels histogram_factor_labels(const MetricInputs& inputs, const TrainTest& sample,
                               const HistogramMetricConfig& cfg) {
  if (inputs.protocol == Protocol::kDl) return dense_labels(sample.train.factors);
  return cr_factor_labels(sample.train.factors,
                          columns_named(*inputs.dataset, sample.varying, cfg.cr_binned_factors),
                          static_cast<int>(cfg.bins));
}

}  // namespace fb::metrics
