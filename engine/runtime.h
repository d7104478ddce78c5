// LibTorch runtime glue: devices, seeded generators. Linking the engine also registers a thread
// hook (torch::set_num_threads follows fb::configure_threads) and a provenance hook (LibTorch
// version, CUDA).
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <string>

#include "core/json.h"

namespace fb::engine {

/// "cpu" or "cuda[:N]" as a device; cuda without a usable GPU throws ConfigError.
torch::Device parse_device(const std::string& text);

/// A generator on `device` seeded with `seed`, independent of torch's global generators.
torch::Generator make_generator(torch::Device device, std::uint64_t seed);

/// The LibTorch version this build uses ("1.13.1").
std::string torch_version();

/// Turns TF32 off for cuDNN convolutions and for matrix products (cuBLAS), so CUDA computes in
/// FP32 as the reference implementations did (issue #16 item 8). A process-wide LibTorch setting;
/// it changes nothing on the CPU. Training calls it before building a model; linking the engine
/// also calls it once, so evaluation and selection run in FP32 too.
void disable_tf32();

/// The CPU kernel set ATen dispatches to ("AVX2", "AVX512", "DEFAULT"; ATEN_CPU_CAPABILITY lowers
/// it), parsed from at::show_config()'s "CPU capability usage" line (the getter is not exported by
/// LibTorch 1.13); "unknown" where the line is missing.
std::string aten_cpu_capability();

/// fb::machine_facts() (core/machine.h) plus "aten_cpu_capability": what ran, as every provenance
/// and `bench train` record it (docs/performance.md, "What ran").
Json machine_record();

/// The TF32 settings in force: {"cudnn_conv": bool, "matmul": bool}. Every provenance records it.
Json tf32_settings();

}  // namespace fb::engine
