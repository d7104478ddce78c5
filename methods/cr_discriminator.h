// InfoGAN-CR's contrastive-regulariser discriminator H (docs/protocols.md §2.3): it sees an image pair
// concatenated on channels and predicts which code the pair shares.
#pragma once

#include <torch/torch.h>

#include "baselines/spectral_norm.h"

namespace fb::methods {

/// conv 32, 32, 64, 64 (k4 s2, LeakyReLU 0.2) → FC 128, LeakyReLU → FC K logits.
/// dSprites: spectral norm on every layer but the last FC, no batch norm. Teapots: no spectral
/// norm; batch norm after the LeakyReLU of conv2–4 and FC 128, always in training mode (batch
/// statistics).
class CrDiscriminatorImpl : public torch::nn::Module {
 public:
  CrDiscriminatorImpl(int channels, int num_codes, bool spectral_norm, bool batch_norm);
  /// first, second [B,C,64,64] → logits [B,K]
  torch::Tensor forward(const torch::Tensor& first, const torch::Tensor& second);

 private:
  torch::nn::Sequential net_{nullptr};
};
TORCH_MODULE(CrDiscriminator);

/// CR = softmax cross-entropy between H's logits [B,K] and the shared index [B] int64, batch mean:
/// the contrastive regulariser L_c of Lin et al. 2020's objective (docs/protocols.md §2.5), H's
/// classification loss.
torch::Tensor contrastive_loss(const torch::Tensor& logits, const torch::Tensor& index);

}  // namespace fb::methods
