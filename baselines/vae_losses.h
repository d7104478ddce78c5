// Loss terms of the VAE family (docs/protocols.md §2.2), as free functions on tensors so each can be tested
// against values computed by hand. B = batch, D = latent dims; every result is a 0-dim tensor
// unless stated.
#pragma once

#include <torch/torch.h>

#include <cstdint>

namespace fb::baselines {

/// Bernoulli negative log-likelihood on logits: batch mean of Σ_pixels sigmoid-CE(logit, target).
/// logits, targets [B,C,H,W]; targets in [0,1] (non-binary data too; no entropy floor subtracted).
torch::Tensor bernoulli_reconstruction(const torch::Tensor& logits, const torch::Tensor& targets);

/// KL(N(μ, σ²) ‖ N(0, I)) per dimension: ½(μ² + σ² − logσ² − 1), [B,D] → [B,D].
torch::Tensor gaussian_kl_per_dim(const torch::Tensor& mean, const torch::Tensor& logvar);
/// Batch mean of Σ_l of gaussian_kl_per_dim (the VAE's KL term, Kingma & Welling 2014 eq. 10).
torch::Tensor gaussian_kl(const torch::Tensor& mean, const torch::Tensor& logvar);

/// Reparameterised sample z = μ + exp(½ logσ²)·ε, ε ~ N(0, I) drawn from `gen`; [B,D].
torch::Tensor sample_gaussian(const torch::Tensor& mean, const torch::Tensor& logvar,
                              torch::Generator& gen);

/// AnnealedVAE capacity C = min(c_max, c_max · step / iteration_threshold) (Burgess et al. 2018,
/// §4).
double annealed_capacity(std::int64_t step, double c_max, double iteration_threshold);

/// Covariance of the batch of means, biased: E[μμᵀ] − E[μ]E[μ]ᵀ; [B,D] → [D,D] (DIP-VAE-I, Kumar et
/// al. 2018 eq. 9).
torch::Tensor dip_covariance_i(const torch::Tensor& mean);
/// DIP-VAE-II's covariance: E_batch[diag σ²] + Cov_batch[μ] (Kumar et al. 2018 eq. 10); [D,D].
torch::Tensor dip_covariance_ii(const torch::Tensor& mean, const torch::Tensor& logvar);
/// λ_od · Σ_{i≠j} C_ij² + λ_d · Σ_i (C_ii − 1)² (Kumar et al. 2018 eq. 6 with the moment matching
/// of eqs. 9/10).
torch::Tensor dip_penalty(const torch::Tensor& covariance, double lambda_od, double lambda_d);

/// log N(z; μ, σ²) elementwise: −½((z − μ)²·e^{−logσ²} + logσ² + ln 2π). Broadcasting shapes.
torch::Tensor gaussian_log_density(const torch::Tensor& z, const torch::Tensor& mean,
                                   const torch::Tensor& logvar);

/// β-TCVAE's total correlation by minibatch-weighted sampling, as disentanglement_lib computes it
/// (Chen et al. 2018 eq. 3 / §4.1, constants −ln(N·B) dropped, i = j included):
///   mean_j [ logsumexp_i Σ_l L[j,i,l] − Σ_l logsumexp_i L[j,i,l] ],  L[j,i,l] = log N(z_jl; μ_il,
///   σ²_il).
/// z, mean, logvar [B,D]. For B identical posteriors it equals −(D−1)·ln B.
torch::Tensor total_correlation_mws(const torch::Tensor& z, const torch::Tensor& mean,
                                    const torch::Tensor& logvar);

/// FactorVAE's TC estimate from discriminator logits [B,2]: batch mean of (logit₀ − logit₁)
/// (Kim & Mnih 2018 eq. 3 via the density-ratio trick).
torch::Tensor discriminator_tc(const torch::Tensor& logits);
/// Permutes every column of z [B,D] independently within the batch (samples of Π_j q(z_j); Kim &
/// Mnih 2018 Alg. 1, with the same batch as disentanglement_lib).
torch::Tensor permute_dims(const torch::Tensor& z, torch::Generator& gen);
/// The discriminator's loss: −(½·mean log p₀(z) + ½·mean log p₁(z_perm)) with softmax probabilities
/// clipped to [1e−6, 1 − 1e−6] (disentanglement_lib); logits [B,2] each.
torch::Tensor discriminator_loss(const torch::Tensor& logits_z,
                                 const torch::Tensor& logits_permuted);
/// InfoGAN-CR's FactorVAE discriminator loss (FactorVAE_dSprites/gan/factorVAE.py, build_loss):
/// −½·mean log(p₀(z) + 1e−8) − ½·mean log(p₁(z_perm) + 1e−8), softmax probabilities not clipped.
torch::Tensor discriminator_loss_cr(const torch::Tensor& logits_z,
                                    const torch::Tensor& logits_permuted);

}  // namespace fb::baselines
