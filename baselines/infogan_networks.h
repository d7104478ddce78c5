// InfoGAN-CR's generator and discriminator/Q networks for 64×64 images with C = 1 or 3 channels
// (docs/protocols.md §2.3). All convolutions are k4 s2 (TF SAME = padding 1); LeakyReLU slope 0.2.
#pragma once

#include <torch/torch.h>

#include "baselines/spectral_norm.h"

namespace fb::baselines {

/// G: [c, z] → FC 128, ReLU, BN → FC 1024, ReLU, BN → 64×4×4 → deconv 64, 32, 32 (each LeakyReLU
/// then BN) → deconv C, sigmoid. Batch norm sits after the activation; eps 1e−5, momentum 0.1
/// (§2.8).
class GanGeneratorImpl : public torch::nn::Module {
 public:
  GanGeneratorImpl(int input_dim, int channels);
  /// latents [B, K+Z] float32 (codes then noise) → images [B,C,64,64] in [0,1]. Batch norm follows
  /// the module's train()/eval() mode.
  torch::Tensor forward(const torch::Tensor& latents);

 private:
  torch::nn::Sequential dense_{nullptr}, upsample_{nullptr};
};
TORCH_MODULE(GanGenerator);

/// D and Q sharing one trunk, spectral norm on every weight (heads included), no batch norm:
/// trunk conv 32, 32, 64, 64 (LeakyReLU) → flatten 1024 → FC 128, LeakyReLU;
/// D head FC 1, sigmoid (a probability); Q head FC 128, LeakyReLU → FC K (the mean of a σ = 1
/// Gaussian).
class GanDiscriminatorImpl : public torch::nn::Module {
 public:
  GanDiscriminatorImpl(int channels, int num_codes);
  struct Output {
    torch::Tensor probability;  ///< [B] D(x) in (0,1)
    torch::Tensor codes;        ///< [B,K] Q's estimate of the codes
  };
  /// images [B,C,64,64] → both heads.
  Output forward(const torch::Tensor& images);
  /// Q head only (encoding): images [B,C,64,64] → [B,K].
  torch::Tensor q(const torch::Tensor& images);

 private:
  torch::nn::Sequential trunk_{nullptr}, d_head_{nullptr}, q_head_{nullptr};
};
TORCH_MODULE(GanDiscriminator);

/// LeakyReLU with slope 0.2 (the TF reference's; LibTorch's default is 0.01).
torch::nn::LeakyReLU leaky_relu_02();

}  // namespace fb::baselines
