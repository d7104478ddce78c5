// Training and sampling noise that is the same on every device. A model's noise (the VAE's ε, a GAN's z
// and codes, the CR pairs, augmentation draws) comes from CPU generators and is drawn on the CPU, then
// moved to the tensor options' device: a CUDA run then sees exactly the noise of the CPU run with the same
// seed (CUDA's Philox stream differs from the CPU's Mersenne twister), which makes the CPU-vs-CUDA loss
// check of scripts/gpu-check.sh meaningful (docs/cluster.md). On the CPU each call is exactly the torch::
// function of the same name, so CPU results do not change by a bit.
#pragma once

#include <torch/torch.h>

#include <cstdint>

namespace fb::engine {

/// torch::randn on the CPU with the CPU generator `gen`, moved to `options`' device.
torch::Tensor randn(torch::IntArrayRef size, torch::Generator& gen,
                    const torch::TensorOptions& options);
/// torch::rand (uniform [0, 1)) likewise.
torch::Tensor rand(torch::IntArrayRef size, torch::Generator& gen,
                   const torch::TensorOptions& options);
/// torch::randint in [0, high) likewise.
torch::Tensor randint(std::int64_t high, torch::IntArrayRef size, torch::Generator& gen,
                      const torch::TensorOptions& options);

}  // namespace fb::engine
