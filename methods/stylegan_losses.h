// Loss terms and samplers of Info-StyleGAN and Semi-StyleGAN (docs/protocols.md §2.6; Nie et al. 2020,
// "Semi-Supervised StyleGAN for Disentanglement Learning"). The paper's Σ are taken as batch means
// of per-sample terms (factorbench's reading), ‖·‖₂ is the unsquared L2 norm.
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <vector>

namespace fb::methods {

/// Code reconstruction, eqs. 1, 3 and 6 (L_unsup, L_sup, L_sr): mean over the batch of
/// ‖predicted_b − codes_b‖₂ (unsquared). predicted, codes [B,K] → 0-dim.
torch::Tensor code_reconstruction(const torch::Tensor& predicted, const torch::Tensor& codes);

/// Non-saturating logistic GAN loss, D side: mean softplus(−D(real)) + mean softplus(D(fake))
/// (the paper's −L_GAN in L^(D,E)). Logits [B] → 0-dim.
torch::Tensor discriminator_logistic(const torch::Tensor& real_logits,
                                     const torch::Tensor& fake_logits);
/// Non-saturating logistic GAN loss, G side: mean softplus(−D(G(c,z))). Logits [B] → 0-dim.
torch::Tensor generator_logistic(const torch::Tensor& fake_logits);

/// R1 penalty (Mescheder et al. 2018): mean over the batch of ‖∇ₓ D(x)‖² on real images, with a
/// graph for the D step's backward. `real` must require grad and `real_logits` [B] depend on it.
/// The caller weighs it by r1_gamma/2.
torch::Tensor r1_penalty(const torch::Tensor& real_logits, const torch::Tensor& real);

/// n draws of Beta(a, b) as X/(X+Y), X ~ Gamma(a), Y ~ Gamma(b), both from `gen` (float32 [n]).
torch::Tensor sample_beta(std::int64_t n, double a, double b, torch::Generator& gen,
                          torch::Device device);
/// MixUp weights of eq. 5: λ' = max(λ, 1−λ) with λ ~ Beta(ξ, ξ), one per sample ([n]).
torch::Tensor mixup_weights(std::int64_t n, double xi, torch::Generator& gen, torch::Device device);
/// λ'·a + (1−λ')·b per sample (eq. 5): a, b [B,...], weights [B].
torch::Tensor mix(const torch::Tensor& a, const torch::Tensor& b, const torch::Tensor& weights);

/// Codes of factor classes: class / (m−1) of every factor in `kept` (those with m > 1), so each
/// code lies in [0,1] on its factor's grid. classes int64 [B,K_all] → float32 [B,|kept|].
torch::Tensor codes_from_classes(const torch::Tensor& classes,
                                 const std::vector<std::int64_t>& factor_sizes,
                                 const std::vector<std::int64_t>& kept);

}  // namespace fb::methods
