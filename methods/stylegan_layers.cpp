#include "methods/stylegan_layers.h"

#include <cmath>

namespace fb::methods {

namespace F = torch::nn::functional;

torch::Tensor lrelu(const torch::Tensor& x) { return torch::leaky_relu(x, 0.2); }

EqualLinearImpl::EqualLinearImpl(int in, int out, double lr_mul, double bias_init)
    : lr_mul_(lr_mul), bias_init_(bias_init), scale_(lr_mul / std::sqrt(static_cast<double>(in))) {
  weight_ = register_parameter("weight", torch::empty({out, in}));
  bias_ = register_parameter("bias", torch::empty({out}));
}

void EqualLinearImpl::initialise(torch::Generator& init) {
  torch::NoGradGuard no_grad;
  weight_.normal_(0.0, 1.0 / lr_mul_, init);
  // Stored so that bias·lr_mul starts at bias_init.
  bias_.fill_(bias_init_ / lr_mul_);
}

torch::Tensor EqualLinearImpl::forward(const torch::Tensor& x) {
  return torch::addmm(bias_ * lr_mul_, x, (weight_ * scale_).t());
}

EqualConv2dImpl::EqualConv2dImpl(int in, int out, int kernel)
    : padding_(kernel / 2), scale_(1.0 / std::sqrt(static_cast<double>(in) * kernel * kernel)) {
  weight_ = register_parameter("weight", torch::empty({out, in, kernel, kernel}));
  bias_ = register_parameter("bias", torch::empty({out}));
}

void EqualConv2dImpl::initialise(torch::Generator& init) {
  torch::NoGradGuard no_grad;
  weight_.normal_(0.0, 1.0, init);
  bias_.zero_();
}

torch::Tensor EqualConv2dImpl::forward(const torch::Tensor& x) {
  return F::conv2d(x, weight_ * scale_, F::Conv2dFuncOptions().bias(bias_).padding(padding_));
}

StyleEpilogueImpl::StyleEpilogueImpl(int channels, int resolution, int style_dim)
    : resolution_(resolution) {
  noise_strength_ = register_parameter("noise_strength", torch::empty({channels}));
  fixed_noise_ = register_buffer("fixed_noise", torch::empty({1, 1, resolution, resolution}));
  // Zero bias: (y_s, y_b) start near 0, so the modulation x·(1 + y_s) + y_b starts near identity.
  style_ = register_module("style", EqualLinear(style_dim, 2 * channels));
}

void StyleEpilogueImpl::initialise(torch::Generator& init) {
  torch::NoGradGuard no_grad;
  noise_strength_.zero_();  // StyleGAN v1: noise weights start at zero
  fixed_noise_.normal_(0.0, 1.0, init);
  style_->initialise(init);
}

torch::Tensor StyleEpilogueImpl::forward(const torch::Tensor& x, const torch::Tensor& w,
                                         const torch::Tensor& noise) {
  const torch::Tensor& n = noise.defined() ? noise : fixed_noise_;
  torch::Tensor h = lrelu(x + noise_strength_.view({1, -1, 1, 1}) * n);
  // Instance norm over each feature map (eps 1e-8 as StyleGAN v1).
  h = h - h.mean({2, 3}, true);
  h = h * torch::rsqrt(h.pow(2).mean({2, 3}, true) + 1e-8);
  torch::Tensor style = style_->forward(w);
  const std::int64_t c = x.size(1);
  torch::Tensor scale = style.slice(1, 0, c).view({-1, c, 1, 1});
  torch::Tensor bias = style.slice(1, c).view({-1, c, 1, 1});
  return h * (scale + 1) + bias;
}

}  // namespace fb::methods
