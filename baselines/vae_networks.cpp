#include "baselines/vae_networks.h"

#include <cmath>

#include "core/error.h"
#include "engine/fast_conv_transpose.h"

namespace fb::baselines {

namespace nn = torch::nn;

namespace {

// TF "SAME" k4 s2 on even sizes pads 1 on each side; k2 s2 needs no padding (docs/protocols.md §2.8).
nn::Conv2d conv(int in, int out, int kernel) {
  return nn::Conv2d(nn::Conv2dOptions(in, out, kernel).stride(2).padding(kernel == 4 ? 1 : 0));
}

// Doubles the spatial size: TF deconv k4 s2 SAME = ConvTranspose2d(k4, s2, p1). The fast drop-in
// computes it with oneDNN convolution kernels (engine/fast_conv_transpose.h).
engine::FastConvTranspose2d upconv(int in, int out) {
  return engine::FastConvTranspose2d(nn::ConvTranspose2dOptions(in, out, 4).stride(2).padding(1));
}

nn::LeakyReLU leaky() { return nn::LeakyReLU(nn::LeakyReLUOptions().negative_slope(0.2)); }

void init_glorot_uniform(torch::Tensor& w, torch::Generator& gen) {
  // Glorot/Xavier uniform: limit √(6 / (fan_in + fan_out)); for conv kernels both fans include k·k.
  const double receptive = w.dim() > 2 ? static_cast<double>(w[0][0].numel()) : 1.0;
  const double fans = (w.size(0) + w.size(1)) * receptive;
  const double limit = std::sqrt(6.0 / fans);
  w.uniform_(-limit, limit, gen);
}

void init_truncated_normal(torch::Tensor& w, double sigma, torch::Generator& gen) {
  // Inverse-CDF sampling of N(0, σ²) truncated to ±2σ: u ~ U(Φ(−2), Φ(2)), x = σ·√2·erfinv(2u − 1).
  const double lo = 0.5 * std::erfc(2.0 / std::sqrt(2.0));
  w.uniform_(lo, 1.0 - lo, gen).mul_(2).sub_(1).erfinv_().mul_(sigma * std::sqrt(2.0));
}

}  // namespace

Architecture parse_architecture(const std::string& text, const std::string& where) {
  if (text == "dlib") return Architecture::kDlib;
  if (text == "cr") return Architecture::kCr;
  throw ConfigError(
      where +
      ": expected dlib (disentanglement_lib) or cr (InfoGAN-CR's FactorVAE baseline) (got " + text +
      ")");
}

EncoderImpl::EncoderImpl(Architecture arch, int channels, int latent_dim) {
  int hidden = 0;
  if (arch == Architecture::kDlib) {
    trunk_ = nn::Sequential(conv(channels, 32, 4), nn::ReLU(), conv(32, 32, 4), nn::ReLU(),
                            conv(32, 64, 2), nn::ReLU(), conv(64, 64, 2), nn::ReLU(), nn::Flatten(),
                            nn::Linear(1024, 256), nn::ReLU());
    hidden = 256;
  } else {
    // InfoGAN-CR's FactorVAE encoder: four k4 convolutions, then FC 128 with no activation.
    trunk_ = nn::Sequential(conv(channels, 32, 4), nn::ReLU(), conv(32, 32, 4), nn::ReLU(),
                            conv(32, 64, 4), nn::ReLU(), conv(64, 64, 4), nn::ReLU(), nn::Flatten(),
                            nn::Linear(1024, 128));
    hidden = 128;
  }
  trunk_ = register_module("trunk", trunk_);
  mean_ = register_module("mean", nn::Linear(hidden, latent_dim));
  logvar_ = register_module("logvar", nn::Linear(hidden, latent_dim));
}

std::pair<torch::Tensor, torch::Tensor> EncoderImpl::forward(const torch::Tensor& images) {
  torch::Tensor h = trunk_->forward(images);
  return {mean_->forward(h), logvar_->forward(h)};
}

DecoderImpl::DecoderImpl(Architecture arch, int channels, int latent_dim) {
  const int first = arch == Architecture::kDlib ? 256 : 128;
  dense_ = register_module("dense", nn::Sequential(nn::Linear(latent_dim, first), nn::ReLU(),
                                                   nn::Linear(first, 1024), nn::ReLU()));
  upsample_ = register_module("upsample",
                              nn::Sequential(upconv(64, 64), nn::ReLU(), upconv(64, 32), nn::ReLU(),
                                             upconv(32, 32), nn::ReLU(), upconv(32, channels)));
}

torch::Tensor DecoderImpl::forward(const torch::Tensor& codes) {
  return upsample_->forward(dense_->forward(codes).view({-1, 64, 4, 4}));
}

int DiscriminatorImpl::hidden_layers(Architecture arch) {
  return arch == Architecture::kDlib ? 6 : 5;
}

DiscriminatorImpl::DiscriminatorImpl(Architecture arch, int latent_dim) {
  net_ = nn::Sequential();
  int in = latent_dim;
  for (int i = 0; i < hidden_layers(arch); ++i) {
    net_->push_back(nn::Linear(in, 1000));
    net_->push_back(leaky());
    in = 1000;
  }
  net_->push_back(nn::Linear(1000, 2));
  net_ = register_module("net", net_);
}

torch::Tensor DiscriminatorImpl::forward(const torch::Tensor& codes) {
  return net_->forward(codes);
}

void initialise(torch::nn::Module& module, Architecture arch, torch::Generator& gen) {
  torch::NoGradGuard no_grad;
  for (auto& m : module.modules(/*include_self=*/true)) {
    torch::Tensor weight, bias;
    bool is_conv = false;
    if (auto* c = m->as<nn::Conv2d>()) {
      weight = c->weight, bias = c->bias, is_conv = true;
    } else if (auto* t = m->as<nn::ConvTranspose2d>()) {
      weight = t->weight, bias = t->bias;
    } else if (auto* l = m->as<nn::Linear>()) {
      weight = l->weight, bias = l->bias;
    } else {
      continue;
    }
    if (arch == Architecture::kDlib)
      init_glorot_uniform(weight, gen);
    else if (is_conv)
      init_truncated_normal(weight, 0.02, gen);
    else
      weight.normal_(0.0, 0.02, gen);
    if (bias.defined()) bias.zero_();
  }
}

}  // namespace fb::baselines
