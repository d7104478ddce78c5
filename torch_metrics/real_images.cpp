#include "torch_metrics/real_images.h"

#include <algorithm>

#include "core/error.h"
#include "engine/data_stream.h"

namespace fb::torch_metrics {

void for_real_images(
    const data::Dataset& dataset, std::int64_t n, Rng& rng, torch::Device device,
    const std::function<void(const torch::Tensor&, const std::vector<std::int64_t>&)>& f) {
  std::vector<std::uint8_t> staging;
  for (std::int64_t s = 0; s < n; s += kChunk) {
    const auto idx = dataset.sample_indices(std::min(kChunk, n - s), rng);
    staging.resize(idx.size() * static_cast<std::size_t>(dataset.image_bytes()));
    dataset.gather(idx, staging.data());
    f(engine::to_model_input(staging.data(), static_cast<std::int64_t>(idx.size()), dataset,
                             device),
      idx);
  }
}

Eigen::MatrixXd to_eigen(const torch::Tensor& t) {
  torch::Tensor d = t.to(torch::kCPU, torch::kFloat64).contiguous();
  Eigen::MatrixXd m(d.size(0), d.size(1));
  const double* p = d.data_ptr<double>();
  for (Eigen::Index r = 0; r < m.rows(); ++r)
    for (Eigen::Index c = 0; c < m.cols(); ++c) m(r, c) = p[r * m.cols() + c];
  return m;
}

int find_factor(const data::Dataset& dataset, const std::string& name, const std::string& metric) {
  for (int k = 0; k < dataset.num_factors(); ++k)
    if (dataset.factors()[k].name == name) return k;
  throw ConfigError(metric + ": the categorical code models factor '" + name +
                    "', which dataset '" + dataset.name() + "' lacks");
}

}  // namespace fb::torch_metrics
