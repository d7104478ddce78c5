// LibTorch runtime glue: devices, seeded generators. Linking the engine also registers a thread
// hook (torch::set_num_threads follows fb::configure_threads) and a provenance hook (LibTorch
// version, CUDA).
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <string>

namespace fb::engine {

/// "cpu" or "cuda[:N]" as a device; cuda without a usable GPU throws ConfigError.
torch::Device parse_device(const std::string& text);

/// A generator on `device` seeded with `seed`, independent of torch's global generators.
torch::Generator make_generator(torch::Device device, std::uint64_t seed);

/// The LibTorch version this build uses ("1.13.1").
std::string torch_version();

}  // namespace fb::engine
