#include "baselines/vae.h"

#include <cmath>

#include "baselines/vae_losses.h"
#include "core/error.h"
#include "core/rng.h"
#include "engine/noise.h"
#include "engine/runtime.h"

namespace fb::baselines {

void VaeCommonConfig::validate(const std::string& where) const {
  require(latent_dim >= 1 && latent_dim <= 1024, where + ".latent_dim", "must be in 1..1024",
          std::to_string(latent_dim));
  parse_architecture(architecture, where + ".architecture");
  require(lr > 0 && std::isfinite(lr), where + ".lr", "must be > 0", format_number(lr));
  require(adam_beta1 >= 0 && adam_beta1 < 1, where + ".adam_beta1", "must be in [0, 1)",
          format_number(adam_beta1));
  require(adam_beta2 >= 0 && adam_beta2 < 1, where + ".adam_beta2", "must be in [0, 1)",
          format_number(adam_beta2));
  require(adam_eps > 0, where + ".adam_eps", "must be > 0", format_number(adam_eps));
}

void require_vae_geometry(const std::string& model, const engine::ModelContext& ctx) {
  if ((ctx.channels != 1 && ctx.channels != 3) || ctx.height != 64 || ctx.width != 64)
    throw ConfigError("model '" + model + "': needs 64x64 images with 1 or 3 channels (got " +
                      std::to_string(ctx.height) + "x" + std::to_string(ctx.width) + "x" +
                      std::to_string(ctx.channels) + ")");
}

VaeModel::VaeModel(std::string name, Json config, const VaeCommonConfig& common,
                   const engine::ModelContext& ctx, Regulariser regulariser)
    : engine::Model(ctx.device),
      name_(std::move(name)),
      config_(std::move(config)),
      common_(common),
      architecture_(parse_architecture(common.architecture, "architecture")),
      regulariser_(std::move(regulariser)) {
  require_vae_geometry(name_, ctx);
  const int d = static_cast<int>(common.latent_dim);
  encoder_ = register_module("encoder", Encoder(architecture_, ctx.channels, d));
  decoder_ = register_module("decoder", Decoder(architecture_, ctx.channels, d));
  // Initialise on the CPU from the run seed, then move: the same weights on every device.
  torch::Generator init =
      engine::make_generator(torch::kCPU, Rng::derive(ctx.seed, "init").next_u64());
  initialise(*encoder_, architecture_, init);
  initialise(*decoder_, architecture_, init);
  encoder_->to(ctx.device);
  decoder_->to(ctx.device);
  optimizer_ = register_optimizer(
      "vae", std::make_shared<torch::optim::Adam>(
                 vae_parameters(), torch::optim::AdamOptions(common.lr)
                                       .betas(std::make_tuple(common.adam_beta1, common.adam_beta2))
                                       .eps(common.adam_eps)));
}

std::vector<torch::Tensor> VaeModel::vae_parameters() const {
  std::vector<torch::Tensor> params = encoder_->parameters();
  for (auto& p : decoder_->parameters()) params.push_back(p);
  return params;
}

VaeForward VaeModel::forward(const torch::Tensor& images, torch::Generator& gen) {
  VaeForward f;
  std::tie(f.mean, f.logvar) = encoder_->forward(images);
  f.z = sample_gaussian(f.mean, f.logvar, gen);
  f.logits = decoder_->forward(f.z);
  return f;
}

engine::Losses VaeModel::train_step(const torch::Tensor& images, engine::StepContext& ctx) {
  encoder_->train();
  decoder_->train();
  VaeForward f = forward(images, ctx.noise);
  torch::Tensor reconstruction = bernoulli_reconstruction(f.logits, images);
  torch::Tensor kl = gaussian_kl(f.mean, f.logvar);
  engine::Losses extra;
  torch::Tensor loss = reconstruction + regulariser_(f, kl, ctx.step, extra);
  // Gradients set to none rather than zeroed: backward then writes them instead of accumulating.
  for (auto& group : optimizer_->param_groups())
    for (auto& p : group.params()) p.mutable_grad().reset();
  loss.backward();
  optimizer_->step();
  engine::Losses out{
      {"loss", loss.detach()}, {"reconstruction", reconstruction.detach()}, {"kl", kl.detach()}};
  for (auto& term : extra) out.emplace_back(term.first, term.second.detach());
  return out;
}

engine::Encoding VaeModel::encode(const torch::Tensor& images) {
  torch::NoGradGuard no_grad;
  encoder_->eval();
  auto [mean, logvar] = encoder_->forward(images);
  return {mean, logvar};
}

std::vector<torch::Tensor> VaeModel::probe(const torch::Tensor& images, torch::Generator& gen) {
  encoder_->train();
  decoder_->train();
  auto [mean, logvar] = encoder_->forward(images);
  torch::Tensor codes =
      engine::randn({images.size(0), latent_dim()}, gen, images.options()).requires_grad_(true);
  return {mean, logvar, decoder_->forward(codes)};
}

torch::Tensor VaeModel::generate(const torch::Tensor& codes, const torch::Tensor&) {
  torch::NoGradGuard no_grad;
  decoder_->eval();
  return torch::sigmoid(decoder_->forward(codes));
}

}  // namespace fb::baselines
