#include "baselines/infogan_networks.h"

#include "engine/fast_conv_transpose.h"

namespace fb::baselines {

namespace nn = torch::nn;

namespace {

// Doubles the spatial size: TF deconv k4 s2 SAME = ConvTranspose2d(k4, s2, p1) (docs/protocols.md §2.8),
// computed with oneDNN convolution kernels (engine/fast_conv_transpose.h).
engine::FastConvTranspose2d upconv(int in, int out) {
  return engine::FastConvTranspose2d(nn::ConvTranspose2dOptions(in, out, 4).stride(2).padding(1));
}

}  // namespace

nn::LeakyReLU leaky_relu_02() { return nn::LeakyReLU(nn::LeakyReLUOptions().negative_slope(0.2)); }

GanGeneratorImpl::GanGeneratorImpl(int input_dim, int channels) {
  const auto bn1 = [](int n) {
    return nn::BatchNorm1d(nn::BatchNorm1dOptions(n).eps(1e-5).momentum(0.1));
  };
  const auto bn2 = [](int n) {
    return nn::BatchNorm2d(nn::BatchNorm2dOptions(n).eps(1e-5).momentum(0.1));
  };
  dense_ = register_module("dense", nn::Sequential(nn::Linear(input_dim, 128), nn::ReLU(), bn1(128),
                                                   nn::Linear(128, 1024), nn::ReLU(), bn1(1024)));
  upsample_ = register_module(
      "upsample", nn::Sequential(upconv(64, 64), leaky_relu_02(), bn2(64), upconv(64, 32),
                                 leaky_relu_02(), bn2(32), upconv(32, 32), leaky_relu_02(), bn2(32),
                                 upconv(32, channels), nn::Sigmoid()));
}

torch::Tensor GanGeneratorImpl::forward(const torch::Tensor& latents) {
  // The reference reshapes to NHWC 4×4×64; NCHW 64×4×4 differs only in how imported TF weights
  // would map.
  return upsample_->forward(dense_->forward(latents).view({-1, 64, 4, 4}));
}

GanDiscriminatorImpl::GanDiscriminatorImpl(int channels, int num_codes) {
  trunk_ = register_module(
      "trunk", nn::Sequential(SnConv2d(channels, 32, true), leaky_relu_02(), SnConv2d(32, 32, true),
                              leaky_relu_02(), SnConv2d(32, 64, true), leaky_relu_02(),
                              SnConv2d(64, 64, true), leaky_relu_02(), nn::Flatten(),
                              SnLinear(1024, 128, true), leaky_relu_02()));
  d_head_ = register_module("d_head", nn::Sequential(SnLinear(128, 1, true), nn::Sigmoid()));
  q_head_ = register_module("q_head", nn::Sequential(SnLinear(128, 128, true), leaky_relu_02(),
                                                     SnLinear(128, num_codes, true)));
}

GanDiscriminatorImpl::Output GanDiscriminatorImpl::forward(const torch::Tensor& images) {
  torch::Tensor h = trunk_->forward(images);
  return {d_head_->forward(h).squeeze(1), q_head_->forward(h)};
}

torch::Tensor GanDiscriminatorImpl::q(const torch::Tensor& images) {
  return q_head_->forward(trunk_->forward(images));
}

}  // namespace fb::baselines
