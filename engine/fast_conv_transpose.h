// A transposed convolution computed with ordinary convolution kernels, exactly the same function of
// the same parameters as torch::nn::ConvTranspose2d.
//
// Why: this LibTorch (1.13, CPU) has no oneDNN path for transposed convolutions; it falls back to
// slow_conv_transpose2d (im2col + GEMM + col2im), whose backward dominated a VAE training step. But a
// transposed convolution *is* the input-gradient of the ordinary convolution with the same weight,
// stride and padding, so its three passes map onto oneDNN's three convolution primitives:
//   forward        y  = conv_backward_input(x; W)   (+ bias)
//   input grad     dx = conv2d(dy, W)
//   weight grad    dW = conv_backward_weight(input dy, grad_output x)
// Same arithmetic up to float summation order (tests compare with ConvTranspose2d to 1e-5).
#pragma once

#include <torch/torch.h>

#include <cstdint>

namespace fb::engine {

/// conv_transpose2d(input, weight, bias, stride, padding) with output_padding 0, dilation 1, groups
/// 1. input [B,Cin,H,W], weight [Cin,Cout,kH,kW] (ConvTranspose2d's layout), bias [Cout] or
/// undefined (no bias) → [B,Cout,(H−1)·s−2p+kH,(W−1)·s−2p+kW]. Differentiable in all three.
torch::Tensor conv_transpose2d_via_conv(const torch::Tensor& input, const torch::Tensor& weight,
                                        const torch::Tensor& bias, std::int64_t stride,
                                        std::int64_t padding);

/// Below this many output channels the forward pass uses LibTorch's im2col + GEMM kernel instead:
/// oneDNN's backward-data primitive is ~3× slower there (32 → 1 channel at 64², measured); the
/// backward passes still use convolution kernels (a 1-channel conv and its weight gradient).
constexpr std::int64_t kViaConvMinOutputChannels = 8;

/// True where conv_transpose2d_via_conv is the faster formulation (CPU float32; on CUDA, cuDNN's
/// own transposed convolution is used).
bool prefer_conv_transpose_via_conv(const torch::Tensor& input);

/// Drop-in ConvTranspose2d: the same options, parameters ("weight" [Cin,Cout,kH,kW], "bias"),
/// initialisation and checkpoints; forward() uses conv_transpose2d_via_conv where it is faster.
/// Supports square stride and padding, output_padding 0, dilation 1, groups 1 (checked).
class FastConvTranspose2dImpl : public torch::nn::ConvTranspose2dImpl {
 public:
  explicit FastConvTranspose2dImpl(torch::nn::ConvTranspose2dOptions options);
  /// input [B,Cin,H,W] → [B,Cout,H',W']; `output_size` must be empty (as the layers here use it).
  torch::Tensor forward(const torch::Tensor& input,
                        const c10::optional<at::IntArrayRef>& output_size = c10::nullopt);

 protected:
  FORWARD_HAS_DEFAULT_ARGS({1, torch::nn::AnyValue(c10::optional<at::IntArrayRef>())})

 private:
  std::int64_t stride_ = 1, padding_ = 0;
};
TORCH_MODULE(FastConvTranspose2d);

}  // namespace fb::engine
