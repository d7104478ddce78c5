// FactorVAE (Kim & Mnih 2018) as in disentanglement_lib and the InfoGAN-CR baseline (docs/protocols.md
// §2.2, §3.3): a VAE whose loss adds γ·TC_D, TC_D estimated by a discriminator trained with its own
// Adam optimiser to tell q(z) from Π_j q(z_j) (the batch with each latent column permuted).
//   dlib: both gradients come from one forward pass and are computed before either optimiser steps
//         (disentanglement_lib groups the two train ops); the discriminator's probabilities are
//         clipped to [1e−6, 1 − 1e−6].
//   cr:   InfoGAN-CR's FactorVAE (FactorVAE_dSprites/gan/factorVAE.py, train): the VAE step, then a
//         separate discriminator step on a fresh encoder pass (the updated encoder, a fresh ε and a
//         fresh permutation); loss −½·mean log(p + 1e−8), no clipping (issue #16 items 2, 3).
// One train_step is one iteration (both updates): disentanglement_lib counts each update as a
// global step, so its 300,000 steps are 150,000 of ours (docs/protocols.md §3.1, §7 #12).
#pragma once

#include "baselines/vae.h"

namespace fb::baselines {

struct FactorVaeConfig {
  double gamma = 10.0;
  double discriminator_lr = 1e-4;
  double discriminator_beta1 = 0.5;
  double discriminator_beta2 = 0.9;
  VaeCommonConfig common;

  template <class V>
  void visit(V&& v) {
    v("gamma", gamma, "weight of the TC term (>= 0); DL sweep 10..100, CR sweep 1, 10, 20, 40");
    v("discriminator_lr", discriminator_lr, "Adam learning rate of the discriminator (> 0)");
    v("discriminator_beta1", discriminator_beta1, "discriminator Adam β1 in [0, 1)");
    v("discriminator_beta2", discriminator_beta2, "discriminator Adam β2 in [0, 1)");
    common.visit(v);
  }
  void validate(const std::string& where) const;
};

class FactorVae : public VaeModel {
 public:
  FactorVae(const FactorVaeConfig& config, const engine::ModelContext& ctx);
  /// Losses: loss (the VAE's), reconstruction, kl, tc (discriminator estimate), discriminator_loss.
  engine::Losses train_step(const torch::Tensor& images, engine::StepContext& ctx) override;
  std::vector<torch::Tensor> probe(const torch::Tensor& images, torch::Generator& gen) override;

  const Discriminator& discriminator() const { return discriminator_; }

 private:
  engine::Losses dlib_step(const torch::Tensor& images, engine::StepContext& ctx);
  engine::Losses cr_step(const torch::Tensor& images, engine::StepContext& ctx);
  /// Sets each parameter's gradient to the matching entry of `grads` (the rest of the graph's
  /// gradients are never accumulated into other modules).
  static void set_grads(const std::vector<torch::Tensor>& params,
                        const std::vector<torch::Tensor>& grads);

  double gamma_;
  Discriminator discriminator_{nullptr};
  std::shared_ptr<torch::optim::Adam> discriminator_optimizer_;
};

}  // namespace fb::baselines
