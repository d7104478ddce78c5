// What the torch metrics share: held images drawn as model inputs, and tensors as Eigen matrices.
#pragma once

#include <torch/torch.h>

#include <Eigen/Core>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/rng.h"
#include "datagen/dataset.h"

namespace fb::torch_metrics {

/// Images per model call.
constexpr std::int64_t kChunk = 500;

/// Calls f(model input [c,C,H,W] float32 on `device`, their held indices) for `n` held images
/// drawn uniformly with replacement from `rng`, kChunk at a time.
void for_real_images(
    const data::Dataset& dataset, std::int64_t n, Rng& rng, torch::Device device,
    const std::function<void(const torch::Tensor&, const std::vector<std::int64_t>&)>& f);

/// A [R,C] tensor (any dtype, any device) as a float64 matrix.
Eigen::MatrixXd to_eigen(const torch::Tensor& t);

/// Index of factor `name` in `dataset`; ConfigError naming `metric` when it has none.
int find_factor(const data::Dataset& dataset, const std::string& name, const std::string& metric);

}  // namespace fb::torch_metrics
