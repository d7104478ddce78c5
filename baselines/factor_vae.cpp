#include "baselines/factor_vae.h"

#include <cmath>

#include "baselines/vae_losses.h"
#include "core/rng.h"
#include "engine/noise.h"
#include "engine/runtime.h"

namespace fb::baselines {

void FactorVaeConfig::validate(const std::string& where) const {
  require(gamma >= 0 && std::isfinite(gamma), where + ".gamma", "must be >= 0",
          format_number(gamma));
  require(discriminator_lr > 0 && std::isfinite(discriminator_lr), where + ".discriminator_lr",
          "must be > 0", format_number(discriminator_lr));
  require(discriminator_beta1 >= 0 && discriminator_beta1 < 1, where + ".discriminator_beta1",
          "must be in [0, 1)", format_number(discriminator_beta1));
  require(discriminator_beta2 >= 0 && discriminator_beta2 < 1, where + ".discriminator_beta2",
          "must be in [0, 1)", format_number(discriminator_beta2));
  common.validate(where);
}

FactorVae::FactorVae(const FactorVaeConfig& config, const engine::ModelContext& ctx)
    : VaeModel("factor_vae", to_json(config), config.common, ctx, nullptr), gamma_(config.gamma) {
  discriminator_ = register_module(
      "discriminator", Discriminator(architecture_, static_cast<int>(config.common.latent_dim)));
  torch::Generator init =
      engine::make_generator(torch::kCPU, Rng::derive(ctx.seed, "init:discriminator").next_u64());
  initialise(*discriminator_, architecture_, init);
  discriminator_->to(ctx.device);
  discriminator_optimizer_ = register_optimizer(
      "discriminator",
      std::make_shared<torch::optim::Adam>(
          discriminator_->parameters(),
          torch::optim::AdamOptions(config.discriminator_lr)
              .betas(std::make_tuple(config.discriminator_beta1, config.discriminator_beta2))
              .eps(1e-8)));
}

std::vector<torch::Tensor> FactorVae::probe(const torch::Tensor& images, torch::Generator& gen) {
  auto out = VaeModel::probe(images, gen);
  discriminator_->train();
  out.push_back(discriminator_->forward(
      engine::randn({images.size(0), latent_dim()}, gen, images.options()).requires_grad_(true)));
  return out;
}

namespace {

// The log's keys of either step, in the order every FactorVAE log has.
engine::Losses step_losses(const torch::Tensor& vae_loss, const torch::Tensor& reconstruction,
                           const torch::Tensor& kl, const torch::Tensor& tc,
                           const torch::Tensor& d_loss) {
  return {{"loss", vae_loss.detach()},
          {"reconstruction", reconstruction.detach()},
          {"kl", kl.detach()},
          {"tc", tc.detach()},
          {"discriminator_loss", d_loss.detach()}};
}

}  // namespace

engine::Losses FactorVae::train_step(const torch::Tensor& images, engine::StepContext& ctx) {
  encoder_->train();
  decoder_->train();
  discriminator_->train();
  return architecture_ == Architecture::kCr ? cr_step(images, ctx) : dlib_step(images, ctx);
}

void FactorVae::set_grads(const std::vector<torch::Tensor>& params,
                          const std::vector<torch::Tensor>& grads) {
  for (std::size_t i = 0; i < params.size(); ++i) params[i].mutable_grad() = grads[i];
}

engine::Losses FactorVae::dlib_step(const torch::Tensor& images, engine::StepContext& ctx) {
  VaeForward f = forward(images, ctx.noise);
  torch::Tensor reconstruction = bernoulli_reconstruction(f.logits, images);
  torch::Tensor kl = gaussian_kl(f.mean, f.logvar);
  torch::Tensor logits_z = discriminator_->forward(f.z);
  // Kim & Mnih 2018 eq. 2 with the density-ratio estimate of TC (eq. 3).
  torch::Tensor tc = discriminator_tc(logits_z);
  torch::Tensor vae_loss = reconstruction + kl + gamma_ * tc;
  // Kim & Mnih 2018 Alg. 1, the discriminator's cross-entropy; permuted codes carry no encoder
  // gradient.
  torch::Tensor logits_permuted = discriminator_->forward(permute_dims(f.z.detach(), ctx.noise));
  torch::Tensor d_loss = discriminator_loss(logits_z, logits_permuted);

  // Each loss differentiates only its own parameters, both before either optimiser steps.
  const std::vector<torch::Tensor> vae_params = vae_parameters();
  const std::vector<torch::Tensor> d_params = discriminator_->parameters();
  auto vae_grads = torch::autograd::grad({vae_loss}, vae_params, {}, /*retain_graph=*/true);
  auto d_grads = torch::autograd::grad({d_loss}, d_params);
  set_grads(vae_params, vae_grads);
  set_grads(d_params, d_grads);
  optimizer_->step();
  discriminator_optimizer_->step();
  return step_losses(vae_loss, reconstruction, kl, tc, d_loss);
}

engine::Losses FactorVae::cr_step(const torch::Tensor& images, engine::StepContext& ctx) {
  // 1. The VAE step (the reference's en_de_op run): loss and update of encoder and decoder only.
  VaeForward f = forward(images, ctx.noise);
  torch::Tensor reconstruction = bernoulli_reconstruction(f.logits, images);
  torch::Tensor kl = gaussian_kl(f.mean, f.logvar);
  torch::Tensor tc = discriminator_tc(discriminator_->forward(f.z));
  torch::Tensor vae_loss = reconstruction + kl + gamma_ * tc;
  const std::vector<torch::Tensor> vae_params = vae_parameters();
  set_grads(vae_params, torch::autograd::grad({vae_loss}, vae_params));
  optimizer_->step();

  // 2. The discriminator step (the reference's tcd_op, a second session run): the graph is
  // evaluated again, so z comes from the updated encoder with a fresh ε, and the permutation is
  // fresh too. Neither carries a gradient outside the discriminator.
  torch::Tensor z;
  {
    torch::NoGradGuard no_grad;
    auto [mean, logvar] = encoder_->forward(images);
    z = sample_gaussian(mean, logvar, ctx.noise);
  }
  torch::Tensor logits_z = discriminator_->forward(z);
  torch::Tensor logits_permuted = discriminator_->forward(permute_dims(z, ctx.noise));
  torch::Tensor d_loss = discriminator_loss_cr(logits_z, logits_permuted);
  const std::vector<torch::Tensor> d_params = discriminator_->parameters();
  set_grads(d_params, torch::autograd::grad({d_loss}, d_params));
  discriminator_optimizer_->step();
  return step_losses(vae_loss, reconstruction, kl, tc, d_loss);
}

namespace {

std::unique_ptr<engine::Model> make_factor_vae(const Json& json, const engine::ModelContext& ctx,
                                               const std::string& where) {
  return std::make_unique<FactorVae>(parse<FactorVaeConfig>(json, where), ctx);
}

}  // namespace

FB_REGISTER(
    engine::model_registry(),
    {"factor_vae",
     "FactorVAE (Kim & Mnih 2018): KL + gamma*TC from a discriminator with its own optimiser; "
     "architecture dlib or cr (InfoGAN-CR's baseline)",
     to_json(FactorVaeConfig{}), make_factor_vae});

}  // namespace fb::baselines
