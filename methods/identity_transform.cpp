#include "methods/identity_transform.h"

#include <algorithm>
#include <vector>

#include "core/error.h"
#include "core/rng.h"
#include "engine/data_stream.h"

namespace fb::methods {

torch::Tensor identity_preserving_render(const data::Dataset& dataset, const torch::Tensor& classes,
                                         int keep, torch::Generator& gen, torch::Device device) {
  const int k = dataset.num_factors();
  if (classes.dim() != 2 || classes.size(1) != k || classes.scalar_type() != torch::kInt64)
    throw DataError("identity-preserving render: factor classes must be int64 [B," +
                    std::to_string(k) + "]");
  const std::int64_t b = classes.size(0);
  // Draw on the generator's device (the model's), read back on the CPU: the same bytes either way
  // on the CPU, and the generator's state alone decides the draws (checkpointed by the trainer).
  torch::Tensor u = torch::rand({b, k}, gen, torch::TensorOptions().device(device))
                        .to(torch::kCPU, torch::kFloat64);
  const std::int64_t nuisance_seed =
      torch::randint(0, std::int64_t{1} << 62, {1}, gen,
                     torch::TensorOptions().dtype(torch::kInt64).device(device))
          .item<std::int64_t>();
  torch::Tensor redrawn = classes.to(torch::kCPU).contiguous().clone();
  std::int64_t* c = redrawn.data_ptr<std::int64_t>();
  const double* draw = u.data_ptr<double>();
  const auto sizes = dataset.factor_sizes();
  for (std::int64_t i = 0; i < b; ++i)
    for (int f = 0; f < k; ++f)
      if (f != keep)
        c[i * k + f] = std::min<std::int64_t>(
            sizes[f] - 1,
            static_cast<std::int64_t>(draw[i * k + f] * static_cast<double>(sizes[f])));
  std::vector<std::uint8_t> images(static_cast<std::size_t>(b * dataset.image_bytes()));
  Rng nuisance(static_cast<std::uint64_t>(nuisance_seed));
  dataset.render(c, b, nuisance, images.data());
  return engine::to_model_input(images.data(), b, dataset, device);
}

}  // namespace fb::methods
