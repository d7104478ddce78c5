#include "engine/noise.h"

namespace fb::engine {

namespace {

torch::Tensor to_device(torch::Tensor cpu, const torch::TensorOptions& options) {
  return options.device().is_cpu() ? cpu : cpu.to(options.device());
}

}  // namespace

torch::Tensor randn(torch::IntArrayRef size, torch::Generator& gen,
                    const torch::TensorOptions& options) {
  return to_device(torch::randn(size, gen, options.device(torch::kCPU)), options);
}

torch::Tensor rand(torch::IntArrayRef size, torch::Generator& gen,
                   const torch::TensorOptions& options) {
  return to_device(torch::rand(size, gen, options.device(torch::kCPU)), options);
}

torch::Tensor randint(std::int64_t high, torch::IntArrayRef size, torch::Generator& gen,
                      const torch::TensorOptions& options) {
  return to_device(torch::randint(high, size, gen, options.device(torch::kCPU)), options);
}

}  // namespace fb::engine
