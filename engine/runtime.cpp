#include "engine/runtime.h"

#include <ATen/Version.h>
#include <ATen/detail/CUDAHooksInterface.h>

#include <mutex>
#include <optional>

#include "core/error.h"
#include "core/machine.h"
#include "core/provenance.h"
#include "core/threads.h"
#include "engine/device_check.h"

namespace fb::engine {

torch::Device parse_device(const std::string& text) {
  if (text == "cpu") return torch::kCPU;
  if (text.rfind("cuda", 0) == 0) {
    if (!torch::cuda::is_available())
      throw ConfigError("--device " + text +
                        ": CUDA is not available (LibTorch built without CUDA, or no GPU)");
    std::optional<torch::Device> device;
    try {
      device.emplace(text);
    } catch (const c10::Error&) {
      throw ConfigError("--device " + text + ": expected cuda or cuda:N");
    }
    if (device->has_index() && device->index() >= static_cast<int>(torch::cuda::device_count()))
      throw ConfigError("--device " + text + ": only " +
                        std::to_string(torch::cuda::device_count()) + " CUDA device(s)");
    return *device;
  }
  throw ConfigError("--device " + text + ": expected cpu or cuda");
}

bool cuda_built() {
  // The CPU-only hooks throw here; the CUDA ones return the CUDA runtime version compiled in.
  try {
    at::detail::getCUDAHooks().versionCUDART();
    return true;
  } catch (const c10::Error&) {
    return false;
  }
}

void check_device(const std::string& device, bool need_gpu) {
  if (device == "cpu") return;
  if (device != "cuda" && device.rfind("cuda:", 0) != 0)
    throw ConfigError("--device " + device + ": expected cpu or cuda");
  if (!cuda_built())
    throw ConfigError(
        "--device " + device +
        ": this factorbench was built against a CPU-only LibTorch (see docs/cluster.md to build "
        "against a CUDA one)");
  if (need_gpu) parse_device(device);
}

torch::Generator make_generator(torch::Device device, std::uint64_t seed) {
  // A clone of the device's default generator has the right type (CPU, CUDA) without device
  // headers.
  torch::Generator gen = device.is_cpu() ? at::detail::createCPUGenerator(seed)
                                         : at::globalContext().defaultGenerator(device).clone();
  gen.set_current_seed(seed);
  return gen;
}

std::string torch_version() {
  return std::to_string(TORCH_VERSION_MAJOR) + "." + std::to_string(TORCH_VERSION_MINOR) + "." +
         std::to_string(TORCH_VERSION_PATCH);
}

namespace {

void apply_threads(int threads) {
  torch::set_num_threads(threads);
  // The inter-op pool can be sized only once, before its first use; later calls would throw.
  static std::once_flag once;
  std::call_once(once, [threads] {
    try {
      torch::set_num_interop_threads(threads);
    } catch (const c10::Error&) {
    }
  });
}

// 11070 -> "11.7", 8500 -> "8.5.0" (CUDART's and cuDNN's version encodings).
std::string cuda_version_text(long v) {
  return std::to_string(v / 1000) + "." + std::to_string(v % 1000 / 10);
}
std::string cudnn_version_text(long v) {
  return std::to_string(v / 1000) + "." + std::to_string(v % 1000 / 100) + "." +
         std::to_string(v % 100);
}

void add_torch_provenance(Json& p) {
  p["libtorch"] = torch_version();
  p["cuda_built"] = cuda_built();
  p["cuda_available"] = torch::cuda::is_available();
  if (cuda_built()) {
    const auto& hooks = at::detail::getCUDAHooks();
    p["cuda_runtime"] = cuda_version_text(hooks.versionCUDART());
    if (hooks.compiledWithCuDNN()) {
      try {
        p["cudnn"] = cudnn_version_text(hooks.versionCuDNN());
      } catch (const c10::Error&) {
        p["cudnn"] = nullptr;  // cuDNN compiled in but its library did not load
      }
    }
    p["cuda_devices_visible"] = torch::cuda::device_count();
  }
  p["torch_threads"] = torch::get_num_threads();
  p["machine"]["aten_cpu_capability"] = aten_cpu_capability();
  p["tf32"] = tf32_settings();
}

const bool kRegistered = [] {
  disable_tf32();
  add_thread_hook(apply_threads);
  add_provenance_hook(add_torch_provenance);
  return true;
}();

}  // namespace

void disable_tf32() {
  at::globalContext().setAllowTF32CuDNN(false);
  at::globalContext().setAllowTF32CuBLAS(false);
}

std::string aten_cpu_capability() {
  static const std::string capability = [] {
    const std::string config = at::show_config();
    const std::string key = "CPU capability usage:";
    const auto at = config.find(key);
    if (at == std::string::npos) return std::string("unknown");
    const auto begin = config.find_first_not_of(' ', at + key.size());
    if (begin == std::string::npos) return std::string("unknown");
    const auto end = config.find('\n', begin);
    return config.substr(begin, end == std::string::npos ? end : end - begin);
  }();
  return capability;
}

Json machine_record() {
  Json j = machine_facts();
  j["aten_cpu_capability"] = aten_cpu_capability();
  return j;
}

Json tf32_settings() {
  return {{"cudnn_conv", at::globalContext().allowTF32CuDNN()},
          {"matmul", at::globalContext().allowTF32CuBLAS()}};
}

}  // namespace fb::engine
