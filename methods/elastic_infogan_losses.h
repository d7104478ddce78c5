// Elastic-InfoGAN's sampling and loss terms (docs/protocols.md §2.7) as free functions on tensors, so each
// can be checked against a hand computation. Results of the losses are 0-dim tensors.
#pragma once

#include <torch/torch.h>

#include <cstdint>

namespace fb::methods {

/// Gumbel(0,1) draws [n, k] float32 on `device`: g = −log(−log u), u ~ U(0,1) kept away from 0 and
/// 1 so both logs stay finite.
torch::Tensor gumbel_noise(std::int64_t n, std::int64_t k, torch::Generator& gen,
                           torch::Device device);

/// The Gumbel-softmax relaxation (Jang et al. 2017; the released `approx_latent`, τ = 0.1):
/// c_i = softmax((log p_i + g_i)/τ) with p = softmax(logits). logits [k] or [n,k] (broadcast over
/// gumbel's rows), gumbel [n,k], τ > 0. With `hard`, the forward value is the one-hot argmax while
/// gradients are the relaxed sample's (straight-through), so G sees one-hot codes in training as
/// in generation and the prior still gets gradients. The released code feeds G the soft sample.
torch::Tensor gumbel_softmax(const torch::Tensor& logits, const torch::Tensor& gumbel,
                             double temperature, bool hard);

/// InfoGAN's categorical information term: batch mean of −Σ_i c_i log Q(c_i|x) (Chen et al. 2016
/// eq. 5 for a categorical code; H(c) is omitted, a constant for a fixed prior). q_logits [B,k],
/// codes [B,k] (one-hot or relaxed; callers detach them).
torch::Tensor categorical_info_loss(const torch::Tensor& q_logits, const torch::Tensor& codes);

/// L_trans, NT-Xent (SimCLR; the released `nt_xent.py` NTXentLoss with cosine similarity): with
/// r = [b; a] (2N rows, `b` the augmented batch first, as the released code stacks them) and
/// s_ij = cos(r_i, r_j), each row's loss is −log(exp(s_ip/τ) / Σ_{j≠i} exp(s_ij/τ)), p its pair
/// (i ± N); the result is the mean over the 2N rows. a, b [N,D] (N ≥ 2); τ > 0.
torch::Tensor nt_xent_loss(const torch::Tensor& a, const torch::Tensor& b, double temperature);

/// L_ent = s(Q(c|x)) + s(Q(c|δ(x))) with s the entropy in nats, each a batch mean, from logits
/// [B,k] (log-softmax, so a confident Q gives exactly finite values). The released code defines it
/// (`HLoss`) but never adds it; it is an option, off by default (lambda_ent 0).
torch::Tensor entropy_loss(const torch::Tensor& logits_x, const torch::Tensor& logits_delta);

}  // namespace fb::methods
