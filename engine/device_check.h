// Device checks made before any work starts (reproduce refuses a device here, before writing anything).
#pragma once

#include <string>

namespace fb::engine {

/// True when this LibTorch was built with CUDA (no GPU needs to be present: a Slurm login node has none).
bool cuda_built();

/// Refuses `device` before any work starts: a malformed name, cuda on a CPU-only build, and, with
/// `need_gpu` (the jobs run on this machine), cuda without a usable GPU. Throws ConfigError naming the flag.
void check_device(const std::string& device, bool need_gpu);

}  // namespace fb::engine
