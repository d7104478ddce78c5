// InfoGAN(-CR) loss terms and latent draws (docs/protocols.md §2.4, §2.5), as free functions on tensors so
// each can be checked against values computed by hand. Logs are taken literally with ε = 1e−8
// inside, as the TF reference does (not as BCE-with-logits, which would differ once D saturates).
// Results are 0-dim tensors.
#pragma once

#include <torch/torch.h>

#include <cstdint>

namespace fb::baselines {

/// ε inside every log of the adversarial losses.
inline constexpr double kLogEpsilon = 1e-8;

/// The discriminator's loss L_D = −mean log(D(x) + ε) − mean log(1 − D(G) + ε) (Goodfellow et al.
/// 2014 eq. 1, maximised by D). d_real, d_fake: probabilities [B].
torch::Tensor discriminator_gan_loss(const torch::Tensor& d_real, const torch::Tensor& d_fake);

/// The generator's non-saturating loss −mean log(D(G) + ε) (Goodfellow et al. 2014 §3). d_fake [B].
torch::Tensor generator_gan_loss(const torch::Tensor& d_fake);

/// The mutual-information term as a Gaussian negative log-likelihood with σ = 1 (Chen et al. 2016
/// eq. 5, Q a fixed-variance Gaussian): batch mean of Σ_k ½(ĉ_k − c_k)² + ½ ln 2π. predicted, codes
/// [B,K].
torch::Tensor info_loss(const torch::Tensor& predicted, const torch::Tensor& codes);

/// U[−1, 1] draws [n, dim] float32 on `device` from `gen` (codes c and noise z, §2.4).
torch::Tensor uniform_latents(std::int64_t n, std::int64_t dim, torch::Generator& gen,
                              torch::Device device);

}  // namespace fb::baselines
