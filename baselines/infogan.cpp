#include "baselines/infogan.h"

#include <cmath>

#include "baselines/infogan_losses.h"
#include "core/error.h"
#include "core/rng.h"
#include "engine/runtime.h"

namespace fb::baselines {

void InfoGanConfig::validate(const std::string& where) const {
  require(preset == "dsprites" || preset == "teapots", where + ".preset",
          "must be dsprites or teapots", preset);
  require(num_codes >= 1 && num_codes <= 64, where + ".num_codes", "must be in 1..64",
          std::to_string(num_codes));
  require(noise_dim >= 0 && noise_dim <= 1024, where + ".noise_dim", "must be in 0..1024",
          std::to_string(noise_dim));
  require(lambda >= 0 && std::isfinite(lambda), where + ".lambda", "must be >= 0",
          format_number(lambda));
  validate_adam(where);
  require(generator_steps >= 1 && generator_steps <= 16, where + ".generator_steps",
          "must be in 1..16", std::to_string(generator_steps));
}

InfoGanConfig infogan_preset(const std::string& preset, const std::string& where) {
  InfoGanConfig c;
  c.preset = preset;
  if (preset == "teapots") {
    c.lambda = 0.2;
  } else if (preset != "dsprites") {
    throw ConfigError(where + ".preset: must be dsprites or teapots (got " + preset + ")");
  }
  return c;
}

Json overlay_preset(const Json& json, const std::string& where,
                    const std::function<Json(const std::string&)>& defaults) {
  if (!json.is_null() && !json.is_object())
    throw ConfigError(where + ": expected an object (got " + json.dump() + ")");
  std::string preset = "dsprites";
  if (!json.is_null() && json.contains("preset")) {
    if (!json["preset"].is_string())
      throw ConfigError(where + ".preset: expected a string (got " + json["preset"].dump() + ")");
    preset = json["preset"].get<std::string>();
  }
  Json merged = defaults(preset);
  if (!json.is_null())
    for (auto it = json.begin(); it != json.end(); ++it) merged[it.key()] = it.value();
  return merged;
}

void require_gan_geometry(const std::string& model, const engine::ModelContext& ctx) {
  if ((ctx.channels != 1 && ctx.channels != 3) || ctx.height != 64 || ctx.width != 64)
    throw ConfigError("model '" + model + "': needs 64x64 images with 1 or 3 channels (got " +
                      std::to_string(ctx.height) + "x" + std::to_string(ctx.width) + "x" +
                      std::to_string(ctx.channels) + ")");
}

InfoGan::InfoGan(const InfoGanConfig& config, const engine::ModelContext& ctx)
    : InfoGan("infogan", to_json(config), config, ctx) {}

InfoGan::InfoGan(std::string name, Json config, const InfoGanConfig& common,
                 const engine::ModelContext& ctx)
    : engine::Model(ctx.device),
      name_(std::move(name)),
      config_(std::move(config)),
      common_(common),
      seed_(ctx.seed) {
  require_gan_geometry(name_, ctx);
  const int k = static_cast<int>(common.num_codes), z = static_cast<int>(common.noise_dim);
  generator_ = register_module("generator", GanGenerator(k + z, ctx.channels));
  discriminator_ = register_module("discriminator", GanDiscriminator(ctx.channels, k));
  // Initialise on the CPU from the run seed, then move: the same weights on every device.
  torch::Generator init =
      engine::make_generator(torch::kCPU, Rng::derive(ctx.seed, "init").next_u64());
  initialise_infogan(*generator_, init);
  initialise_infogan(*discriminator_, init);
  generator_->to(ctx.device);
  discriminator_->to(ctx.device);
  generator_optimizer_ = register_optimizer(
      "generator", common.make_adam(generator_->parameters(), common.generator_lr));
  discriminator_optimizer_ = register_optimizer(
      "discriminator", common.make_adam(discriminator_->parameters(), common.discriminator_lr));
}

GanFeed InfoGan::sample_feed(const torch::Tensor& real, torch::Generator& gen) const {
  const std::int64_t b = real.size(0);
  GanFeed feed;
  feed.real = real;
  feed.codes = uniform_latents(b, common_.num_codes, gen, real.device());
  torch::Tensor noise = uniform_latents(b, common_.noise_dim, gen, real.device());
  feed.latents = torch::cat({feed.codes, noise}, 1);
  return feed;
}

void InfoGan::discriminator_step(const GanFeed& feed, engine::Losses& log) {
  torch::Tensor fake;
  {
    torch::NoGradGuard no_grad;
    generator_->train();  // GAN samples always use batch statistics (and update the running ones)
    fake = generator_->forward(feed.latents);
  }
  const std::int64_t b = feed.real.size(0);
  // Real and fake share one forward: D has no batch norm, so each row sees the same normalised
  // weights.
  auto out = discriminator_->forward(torch::cat({feed.real, fake}, 0));
  torch::Tensor d_real = out.probability.slice(0, 0, b), d_fake = out.probability.slice(0, b);
  torch::Tensor d_loss = discriminator_gan_loss(d_real, d_fake);  // Chen et al. 2016 eq. 1 (D side)
  torch::Tensor info =
      info_loss(out.codes.slice(0, b), feed.codes);     // eq. 5: Q maximises L_I on fakes
  torch::Tensor loss = d_loss + common_.lambda * info;  // eq. 6, D+Q minimise
  discriminator_optimizer_->zero_grad();
  loss.backward();
  discriminator_optimizer_->step();
  log.emplace_back("discriminator_loss", d_loss.detach());
  log.emplace_back("info_discriminator", info.detach());
  log.emplace_back("d_real", d_real.detach().mean());
  log.emplace_back("d_fake", d_fake.detach().mean());
}

engine::Losses InfoGan::generator_step(const GanFeed& feed,
                                       const std::function<torch::Tensor()>& extra) {
  generator_->train();
  torch::Tensor fake = generator_->forward(feed.latents);
  auto out = discriminator_->forward(fake);
  torch::Tensor adversarial =
      generator_gan_loss(out.probability);                // non-saturating G loss (Goodfellow §3)
  torch::Tensor info = info_loss(out.codes, feed.codes);  // Chen et al. 2016 eq. 5, G side
  torch::Tensor loss = adversarial + common_.lambda * info;  // eq. 6, G minimises
  if (extra) {
    torch::Tensor term = extra();
    if (term.defined()) loss = loss + term;
  }
  // Gradients for G's parameters only (D and H are held fixed in this step).
  const std::vector<torch::Tensor> params = generator_->parameters();
  auto grads = torch::autograd::grad({loss}, params);
  for (std::size_t i = 0; i < params.size(); ++i) params[i].mutable_grad() = grads[i];
  generator_optimizer_->step();
  return {{"loss", loss.detach()},
          {"generator_adversarial", adversarial.detach()},
          {"info", info.detach()}};
}

engine::Losses InfoGan::train_step(const torch::Tensor& images, engine::StepContext& ctx) {
  const GanFeed feed = sample_feed(images, ctx.noise);
  engine::Losses d_log;
  discriminator_step(feed, d_log);
  engine::Losses log;
  for (std::int64_t k = 0; k < common_.generator_steps; ++k) log = generator_step(feed, nullptr);
  // The reference runs its spectral-norm update ops once, after all optimiser steps of the
  // iteration.
  update_spectral_norms(*discriminator_);
  for (auto& term : d_log) log.push_back(std::move(term));
  return log;
}

engine::Encoding InfoGan::encode(const torch::Tensor& images) {
  torch::NoGradGuard no_grad;
  discriminator_->eval();
  return {discriminator_->q(images), torch::Tensor()};
}

std::vector<torch::Tensor> InfoGan::probe(const torch::Tensor& images, torch::Generator& gen) {
  generator_->train();
  discriminator_->train();
  const std::int64_t b = images.size(0);
  torch::Tensor latents = torch::cat({uniform_latents(b, common_.num_codes, gen, images.device()),
                                      uniform_latents(b, common_.noise_dim, gen, images.device())},
                                     1)
                              .requires_grad_(true);
  auto d = discriminator_->forward(images);
  return {generator_->forward(latents), d.probability, d.codes};
}

torch::Tensor InfoGan::generate(const torch::Tensor& codes, const torch::Tensor& noise) {
  torch::NoGradGuard no_grad;
  generator_->eval();
  const torch::Tensor z =
      engine::generator_noise(name_, codes, noise, common_.num_codes, common_.noise_dim);
  return generator_->forward(torch::cat({codes, z}, 1));
}

namespace {

std::unique_ptr<engine::Model> make_infogan(const Json& json, const engine::ModelContext& ctx,
                                            const std::string& where) {
  Json merged = overlay_preset(
      json, where, [&](const std::string& p) { return to_json(infogan_preset(p, where)); });
  return std::make_unique<InfoGan>(parse<InfoGanConfig>(merged, where), ctx);
}

}  // namespace

FB_REGISTER(engine::model_registry(),
            {"infogan",
             "InfoGAN with InfoGAN-CR's networks and updates: spectral-norm D/Q, lambda*Info in G "
             "and D+Q, two G "
             "steps per iteration; preset dsprites or teapots",
             to_json(infogan_preset("dsprites", "infogan")), make_infogan});

}  // namespace fb::baselines
