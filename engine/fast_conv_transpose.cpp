#include "engine/fast_conv_transpose.h"

#include <array>

#include "core/error.h"

namespace fb::engine {

namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

// The ordinary convolution whose input-gradient is the transposed convolution: same weight tensor
// ([Cin,Cout,k,k] read as a conv weight with Cin outputs and Cout inputs), stride and padding.
class ConvTransposeViaConv : public torch::autograd::Function<ConvTransposeViaConv> {
 public:
  static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& input,
                               const torch::Tensor& weight, const torch::Tensor& bias,
                               std::int64_t stride, std::int64_t padding) {
    const std::array<std::int64_t, 2> s{stride, stride}, p{padding, padding}, d{1, 1}, op{0, 0};
    torch::Tensor out;
    if (weight.size(1) < kViaConvMinOutputChannels) {
      // oneDNN's backward-data with so few channels is slower than LibTorch's im2col + GEMM.
      out = at::conv_transpose2d(input, weight, bias, s, p);
    } else {
      const std::int64_t out_h = (input.size(2) - 1) * stride - 2 * padding + weight.size(2);
      const std::int64_t out_w = (input.size(3) - 1) * stride - 2 * padding + weight.size(3);
      // Only the shape of the convolution's input is read when computing its input-gradient.
      torch::Tensor shape_only =
          torch::empty({input.size(0), weight.size(1), out_h, out_w}, input.options());
      out = std::get<0>(at::convolution_backward(input, shape_only, weight, c10::nullopt, s, p, d,
                                                 /*transposed=*/false, op, /*groups=*/1,
                                                 {true, false, false}));
      out.add_(bias.view({1, -1, 1, 1}));
    }
    ctx->save_for_backward({input, weight});
    ctx->saved_data["stride"] = stride;
    ctx->saved_data["padding"] = padding;
    return out;
  }

  static variable_list backward(AutogradContext* ctx, variable_list grads) {
    const auto saved = ctx->get_saved_variables();
    const torch::Tensor& input = saved[0];
    const torch::Tensor& weight = saved[1];
    const std::int64_t stride = ctx->saved_data["stride"].toInt();
    const std::int64_t padding = ctx->saved_data["padding"].toInt();
    const torch::Tensor grad = grads[0].contiguous();
    const std::array<std::int64_t, 2> s{stride, stride}, p{padding, padding}, d{1, 1}, op{0, 0};
    torch::Tensor grad_input, grad_weight, grad_bias;
    if (ctx->needs_input_grad(0))
      grad_input = at::convolution(grad, weight, {}, s, p, d, false, op, 1);
    if (ctx->needs_input_grad(1))
      grad_weight = std::get<1>(at::convolution_backward(input, grad, weight, c10::nullopt, s, p, d,
                                                         false, op, 1, {false, true, false}));
    if (ctx->needs_input_grad(2)) grad_bias = grad.sum({0, 2, 3});
    return {grad_input, grad_weight, grad_bias, torch::Tensor(), torch::Tensor()};
  }
};

}  // namespace

torch::Tensor conv_transpose2d_via_conv(const torch::Tensor& input, const torch::Tensor& weight,
                                        const torch::Tensor& bias, std::int64_t stride,
                                        std::int64_t padding) {
  // Autograd functions cannot take undefined tensors: a missing bias becomes zeros without a
  // gradient.
  const torch::Tensor b = bias.defined() ? bias : torch::zeros({weight.size(1)}, weight.options());
  return ConvTransposeViaConv::apply(input, weight, b, stride, padding);
}

bool prefer_conv_transpose_via_conv(const torch::Tensor& input) {
  return input.is_cpu() && input.scalar_type() == torch::kFloat32;
}

FastConvTranspose2dImpl::FastConvTranspose2dImpl(torch::nn::ConvTranspose2dOptions options)
    : torch::nn::ConvTranspose2dImpl(options) {
  const auto& o = options;
  const bool supported = o.stride()->at(0) == o.stride()->at(1) &&
                         o.padding()->at(0) == o.padding()->at(1) &&
                         o.output_padding()->at(0) == 0 && o.output_padding()->at(1) == 0 &&
                         o.dilation()->at(0) == 1 && o.dilation()->at(1) == 1 && o.groups() == 1;
  if (!supported)
    throw ConfigError(
        "FastConvTranspose2d: needs equal stride and padding in both dimensions, output_padding 0, "
        "dilation 1 and groups 1; use torch::nn::ConvTranspose2d for other layers");
  stride_ = o.stride()->at(0);
  padding_ = o.padding()->at(0);
}

torch::Tensor FastConvTranspose2dImpl::forward(const torch::Tensor& input,
                                               const c10::optional<at::IntArrayRef>& output_size) {
  if (output_size || !prefer_conv_transpose_via_conv(input))
    return torch::nn::ConvTranspose2dImpl::forward(input, output_size);
  return conv_transpose2d_via_conv(input, weight, bias, stride_, padding_);
}

}  // namespace fb::engine
