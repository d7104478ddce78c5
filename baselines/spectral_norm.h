// Spectrally normalised convolution and dense layers with explicit control over the power-iteration
// state (docs/protocols.md §2.3, Miyato et al. 2018 eq. 12 with one power iteration).
//
// The kernel is viewed as W [k·k·in, out] (the TF layout); u [1, out] is a buffer. Every forward
// runs one power iteration from the stored u, v = norm(u·Wᵀ), û = norm(v·W), σ = v·W·ûᵀ, and uses
// W/σ; gradients flow through the iteration as TF autodiff does. The forward never writes u:
// update_u() does, and the training loop calls it once per iteration at its end (the reference runs
// its update ops after all optimiser steps). With spectral norm off the layers are plain
// convolutions / dense layers.
#pragma once

#include <torch/torch.h>

namespace fb::baselines {

/// σ(W) and the updated û from one power iteration; `weight` is a LibTorch kernel [out, ...] (conv
/// [out,in,k,k] or dense [out,in]), `u` [1,out]. ‖·‖ adds 1e−12 to the norm (the reference's
/// l2normalize).
struct PowerIteration {
  torch::Tensor sigma;  ///< 0-dim; differentiable in `weight`
  torch::Tensor u;      ///< [1,out], the value update_u() writes back
};
PowerIteration power_iteration(const torch::Tensor& weight, const torch::Tensor& u);

/// A convolution k4 s2 p1 (TF SAME on even sizes), optionally spectrally normalised.
class SnConv2dImpl : public torch::nn::Module {
 public:
  SnConv2dImpl(int in, int out, bool spectral_norm);
  /// [B,in,H,W] → [B,out,H/2,W/2]
  torch::Tensor forward(const torch::Tensor& x);
  /// One power iteration from the stored u, written back (no-op without spectral norm).
  void update_u();
  /// The kernel the forward uses: W/σ(W) or W.
  torch::Tensor normalised_weight() const;

  torch::Tensor weight, bias, u;
  const bool spectral_norm;
};
TORCH_MODULE(SnConv2d);

/// A dense layer, optionally spectrally normalised.
class SnLinearImpl : public torch::nn::Module {
 public:
  SnLinearImpl(int in, int out, bool spectral_norm);
  /// [B,in] → [B,out]
  torch::Tensor forward(const torch::Tensor& x);
  void update_u();
  torch::Tensor normalised_weight() const;

  torch::Tensor weight, bias, u;
  const bool spectral_norm;
};
TORCH_MODULE(SnLinear);

/// update_u() on every spectrally normalised layer inside `module`.
void update_spectral_norms(torch::nn::Module& module);

/// Initialises the layers inside `module` as the InfoGAN-CR reference does (docs/protocols.md §2.8):
/// SnConv2d and Conv2d kernels truncated normal σ 0.02 (±2σ), ConvTranspose2d and dense kernels
/// normal σ 0.02, biases 0, batch-norm γ 1 and β 0 with fresh running statistics, spectral-norm u ~
/// N(0, I) normalised. Draws from `gen` (CPU) in module order.
void initialise_infogan(torch::nn::Module& module, torch::Generator& gen);

}  // namespace fb::baselines
