// InfoGAN (Chen et al. 2016) as InfoGAN-CR's reference implementation trains it (docs/protocols.md
// §2.3–§2.5, §3.2): generator G, discriminator D sharing its trunk with the code head Q (spectral
// norm on every D/Q weight), λ·Info in both the G and the D+Q losses, and per iteration one D+Q
// step followed by two G steps on the same feed, then the spectral-norm u update. InfoGAN-CR
// (methods/infogan_cr.h) builds on the same pieces and inserts its H step first.
//
// Codes for the metrics are Q's output (encode() returns no log-variance); generate() takes codes
// [N,K] and noise [N,Z], both from the uniform prior U[−1,1].
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "baselines/infogan_networks.h"
#include "core/config.h"
#include "engine/capabilities.h"
#include "engine/gan_adam.h"
#include "engine/model.h"

namespace fb::baselines {

/// Settings shared by infogan and infogan_cr. The defaults of each preset (docs/protocols.md §3.2):
/// dsprites λ 0.05, teapots λ 0.2; both K = 5 codes, Z = 5 noise dims, Adam lr G 1e−3, D+Q 2e−3, β
/// (0.5, 0.999).
struct InfoGanConfig : engine::GanAdamConfig {
  InfoGanConfig() { discriminator_lr = 2e-3; }  // G 1e−3, β (0.5, 0.999), ε 1e−8: the base's

  std::string preset = "dsprites";
  std::int64_t num_codes = 5;
  std::int64_t noise_dim = 5;
  double lambda = 0.05;
  std::int64_t generator_steps = 2;

  template <class V>
  void visit(V&& v) {
    v("preset", preset,
      "dsprites or teapots: which paper configuration supplies the defaults of unset keys");
    v("num_codes", num_codes, "code dims K (1..64)");
    v("noise_dim", noise_dim, "noise dims Z (0..1024)");
    v("lambda", lambda, "λ, weight of the information term in the G and D+Q losses (>= 0)");
    visit_adam(v, "Adam learning rate of G (> 0)",
               "Adam learning rate of D and Q (one optimiser, > 0)");
    v("generator_steps", generator_steps,
      "G steps per iteration on the same feed (>= 1; the reference: 2)");
  }
  void validate(const std::string& where) const;
};

/// The infogan defaults of `preset` ("dsprites" | "teapots"); ConfigError naming `where` otherwise.
InfoGanConfig infogan_preset(const std::string& preset, const std::string& where);

/// The user's config object with the named preset's defaults under it: the preset is
/// `json["preset"]` (default "dsprites") and `defaults(preset)` gives the JSON its unset keys take.
/// Unknown keys survive, so parse() still rejects them.
Json overlay_preset(const Json& json, const std::string& where,
                    const std::function<Json(const std::string&)>& defaults);

/// One iteration's draws: a real batch and a (c, z) batch of the same size.
struct GanFeed {
  torch::Tensor real;     ///< [B,C,64,64] in [0,1]
  torch::Tensor codes;    ///< [B,K] U[−1,1]
  torch::Tensor latents;  ///< [B,K+Z] = [codes, noise]
};

class InfoGan : public engine::Model, public engine::PriorSampling {
 public:
  InfoGan(const InfoGanConfig& config, const engine::ModelContext& ctx);

  std::string name() const override { return name_; }
  Json config() const override { return config_; }
  int latent_dim() const override { return static_cast<int>(common_.num_codes); }
  /// Z, the width of generate()'s noise input.
  int noise_dim() const { return static_cast<int>(common_.noise_dim); }

  /// Losses: loss (G's objective at its last step), generator_adversarial, info (G side),
  /// discriminator_loss, info_discriminator, d_real, d_fake (mean probabilities).
  engine::Losses train_step(const torch::Tensor& images, engine::StepContext& ctx) override;
  /// Q's output [N,K] (no log-variance), inference mode, no gradients.
  engine::Encoding encode(const torch::Tensor& images) override;
  /// Codes and noise ~ U[−1, 1].
  engine::LatentPrior prior() const override {
    engine::LatentPrior p;
    p.codes.uniform = p.noise.uniform = true;
    p.noise_dim = noise_dim();
    return p;
  }
  torch::Tensor sample_images(std::int64_t n, torch::Generator& gen) override {
    return engine::sample_from_prior(*this, prior(), n, gen);
  }
  /// G in inference mode on [codes, noise]: codes [N,K], noise [N,Z] (undefined = zeros) →
  /// [N,C,64,64].
  torch::Tensor generate(const torch::Tensor& codes, const torch::Tensor& noise) override;
  std::vector<torch::Tensor> probe(const torch::Tensor& images, torch::Generator& gen) override;

  const GanGenerator& generator() const { return generator_; }
  const GanDiscriminator& discriminator() const { return discriminator_; }
  torch::optim::Adam& generator_optimizer() { return *generator_optimizer_; }
  torch::optim::Adam& discriminator_optimizer() { return *discriminator_optimizer_; }

 protected:
  /// For subclasses: `name` and `config` are what name()/config() return.
  InfoGan(std::string name, Json config, const InfoGanConfig& common,
          const engine::ModelContext& ctx);

  /// Draws the (c, z) batch for `real` from `gen` (codes first, then noise).
  GanFeed sample_feed(const torch::Tensor& real, torch::Generator& gen) const;
  /// One D+Q step: minimises L_D + λ·Info on the fakes (G in training mode, detached). Appends
  /// discriminator_loss, info_discriminator, d_real, d_fake to `log`.
  void discriminator_step(const GanFeed& feed, engine::Losses& log);
  /// One G step: minimises L_G + λ·Info + extra(), where `extra` (may be empty) returns a further
  /// term (InfoGAN-CR's α·CR) or an undefined tensor. Returns {loss, generator_adversarial, info}.
  engine::Losses generator_step(const GanFeed& feed, const std::function<torch::Tensor()>& extra);

  const std::string name_;
  const Json config_;
  const InfoGanConfig common_;
  const std::uint64_t seed_;
  GanGenerator generator_{nullptr};
  GanDiscriminator discriminator_{nullptr};
  std::shared_ptr<torch::optim::Adam> generator_optimizer_, discriminator_optimizer_;
};

/// Throws ConfigError unless the images are 64×64 with 1 or 3 channels.
void require_gan_geometry(const std::string& model, const engine::ModelContext& ctx);

}  // namespace fb::baselines
