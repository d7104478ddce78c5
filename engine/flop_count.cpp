#include "engine/flop_count.h"

#include <ATen/record_function.h>
#include <torch/torch.h>

#include <cstring>
#include <mutex>
#include <vector>

#include "core/error.h"

namespace fb::engine {

namespace {

// RecordFunction callbacks are plain function pointers, so the running count lives here. Autograd
// may run backward ops on its own threads (the thread-local callback travels with them), hence the
// mutex; nesting depth is per thread.
std::mutex g_mutex;
FlopCount* g_count = nullptr;
thread_local int t_depth = 0;

constexpr const char* kCounted[] = {
    "aten::convolution", "aten::_convolution", "aten::convolution_backward",
    "aten::linear",      "aten::addmm",        "aten::mm",
    "aten::bmm",         "aten::matmul"};

bool is_counted(const char* name) {
  for (const char* c : kCounted)
    if (std::strcmp(name, c) == 0) return true;
  return false;
}

std::int64_t product(c10::IntArrayRef sizes, std::size_t from, std::size_t to) {
  std::int64_t p = 1;
  for (std::size_t i = from; i < to; ++i) p *= sizes[i];
  return p;
}

// MACs of one convolution pass: every element of the side with weight.size(0) channels (the output
// of an ordinary convolution, the input of a transposed one) takes weight[0].numel() products.
std::int64_t conv_macs(const at::Tensor& input, const at::Tensor& weight,
                       const std::vector<std::int64_t>& stride,
                       const std::vector<std::int64_t>& padding,
                       const std::vector<std::int64_t>& dilation, bool transposed) {
  const std::int64_t per_element = weight.numel() / weight.size(0);
  if (transposed) return input.numel() * per_element;
  std::int64_t out = input.size(0) * weight.size(0);
  for (std::int64_t d = 2; d < input.dim(); ++d) {
    const std::size_t i = static_cast<std::size_t>(d - 2);
    const std::int64_t k = weight.size(d);
    out *= (input.size(d) + 2 * padding[i] - dilation[i] * (k - 1) - 1) / stride[i] + 1;
  }
  return out * per_element;
}

std::int64_t matmul_macs(const at::Tensor& a, const at::Tensor& b) {
  const std::size_t ad = static_cast<std::size_t>(a.dim()), bd = static_cast<std::size_t>(b.dim());
  const std::int64_t k = a.size(-1);
  const std::int64_t n = ad >= 2 ? a.size(-2) : 1;
  const std::int64_t m = bd >= 2 ? b.size(-1) : 1;
  const std::int64_t batch = std::max(ad > 2 ? product(a.sizes(), 0, ad - 2) : 1,
                                      bd > 2 ? product(b.sizes(), 0, bd - 2) : 1);
  return batch * n * k * m;
}

std::int64_t macs_of(const std::string& name, c10::ArrayRef<const c10::IValue> in) {
  if (name == "aten::convolution" || name == "aten::_convolution") {
    // (input, weight, bias, stride, padding, dilation, transposed, ...)
    return conv_macs(in[0].toTensor(), in[1].toTensor(), in[3].toIntVector(), in[4].toIntVector(),
                     in[5].toIntVector(), in[6].toBool());
  }
  if (name == "aten::convolution_backward") {
    // (grad_output, input, weight, bias_sizes, stride, padding, dilation, transposed, output_padding,
    //  groups, output_mask): the input and the weight gradient each cost one forward pass.
    const std::int64_t forward =
        conv_macs(in[1].toTensor(), in[2].toTensor(), in[4].toIntVector(), in[5].toIntVector(),
                  in[6].toIntVector(), in[7].toBool());
    const c10::List<bool> mask = in[10].toBoolList();
    return forward * (static_cast<int>(mask.get(0)) + static_cast<int>(mask.get(1)));
  }
  if (name == "aten::linear") {
    const at::Tensor& w = in[1].toTensor();  // [out, in]
    return in[0].toTensor().numel() * w.size(0);
  }
  if (name == "aten::addmm") return matmul_macs(in[1].toTensor(), in[2].toTensor());
  return matmul_macs(in[0].toTensor(), in[1].toTensor());  // mm, bmm, matmul
}

// The context a counted op's start hands to its end, so only those undo the depth.
struct Nested : at::ObserverContext {};

std::unique_ptr<at::ObserverContext> on_start(const at::RecordFunction& fn) {
  const char* name = fn.name();
  if (!is_counted(name)) return nullptr;
  if (t_depth++ == 0) {
    const std::int64_t flops = 2 * macs_of(name, fn.inputs());
    std::lock_guard<std::mutex> lock(g_mutex);
    if (g_count) {
      g_count->total += flops;
      g_count->by_op[name] += flops;
    }
  }
  return std::make_unique<Nested>();
}

void on_end(const at::RecordFunction&, at::ObserverContext* ctx) {
  if (ctx) --t_depth;
}

}  // namespace

FlopCount count_flops(const std::function<void()>& fn) {
  FlopCount count;
  {
    std::lock_guard<std::mutex> lock(g_mutex);
    FB_CHECK(g_count == nullptr, "count_flops is not reentrant");
    g_count = &count;
  }
  const at::CallbackHandle handle =
      at::addThreadLocalCallback(at::RecordFunctionCallback(on_start, on_end).needsInputs(true));
  auto finish = [&] {
    at::removeCallback(handle);
    std::lock_guard<std::mutex> lock(g_mutex);
    g_count = nullptr;
  };
  try {
    fn();
  } catch (...) {
    finish();
    throw;
  }
  finish();
  return count;
}

}  // namespace fb::engine
