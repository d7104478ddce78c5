// Info-StyleGAN and Semi-StyleGAN (Nie et al. 2020; docs/protocols.md §2.6): a StyleGAN-style generator
// G(c, z) with "conditional styles" and a discriminator whose trunk also carries the encoder E.
// Both models are this class with different objectives:
//   Info-StyleGAN  L^(G) = L_GAN + γ·L_unsup;            L^(D,E) = −L_GAN + γ·L_unsup
//   Semi-StyleGAN  L^(G) = L_GAN + γ_G·L_unsup + α·L_sr; L^(D,E) = −L_GAN + γ_E·L_unsup + β·L_sup
//                                                                 + α·L_sr
// plus the R1 penalty (r1_gamma/2)·E‖∇D(x)‖² on real images in L^(D,E) (project choice). Codes c
// are K values in [0,1] (the dataset's non-constant factors, class/(m−1)); generated codes are
// drawn U[0,1]^K, z ~ N(0, I_Z).
//
// One train_step = one D/E step then one G step (Adam each), on fresh (c, z) draws; all randomness
// from StepContext::noise. encode() is E's prediction; generate() maps codes [N,K] in [0,1] and z
// [N,Z] to images with G's fixed per-pixel noise.
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/config.h"
#include "engine/capabilities.h"
#include "engine/gan_adam.h"
#include "engine/model.h"
#include "methods/stylegan_networks.h"

namespace fb::methods {

/// Network and optimiser settings shared by both models.
struct StyleGanCommonConfig : engine::GanAdamConfig {
  StyleGanCommonConfig() {  // StyleGAN's: lr 1e−3 both, β (0, 0.99), ε 1e−8
    adam_beta1 = 0.0;
    adam_beta2 = 0.99;
  }

  std::string width = "small";
  std::int64_t num_codes = 0;
  double r1_gamma = 10.0;

  template <class V>
  void visit_common(V&& v) {
    v("width", width,
      "small (capacity-matched Info-StyleGAN*, 0.75M parameters at 64x64) or full (StyleGAN "
      "v1 sizes, 47.6M at 64x64); see docs/stylegan.md");
    v("num_codes", num_codes,
      "code dims K; 0 = the dataset's factors with more than one value (Semi-StyleGAN needs "
      "exactly those)");
    v("r1_gamma", r1_gamma,
      "weight of the R1 penalty (r1_gamma/2)·E||grad D(x)||^2 on reals (>= 0)");
    visit_adam(v, "Adam learning rate of G, mapping network included (> 0)",
               "Adam learning rate of D and E (one optimiser, > 0)");
  }
  void validate_common(const std::string& where) const;
};

struct InfoStyleGanConfig : StyleGanCommonConfig {
  double gamma = 10.0;

  template <class V>
  void visit(V&& v) {
    visit_common(v);
    v("gamma", gamma, "γ, weight of L_unsup in both L^(G) and L^(D,E) (>= 0)");
  }
  void validate(const std::string& where) const;
};

struct SemiStyleGanConfig : StyleGanCommonConfig {
  double gamma = 10.0;
  double gamma_g = 10.0;
  double gamma_e = 0.0;
  double beta = 10.0;
  double alpha = 1.0;
  double xi = 0.75;
  double labelled_fraction = 0.01;

  template <class V>
  void visit(V&& v) {
    visit_common(v);
    v("gamma", gamma, "γ: the default of gamma_g and beta when they are not given (>= 0)");
    v("gamma_g", gamma_g, "γ_G, weight of L_unsup in L^(G) (>= 0; default γ)");
    v("gamma_e", gamma_e, "γ_E, weight of L_unsup in L^(D,E) (>= 0; paper default 0)");
    v("beta", beta, "β, weight of L_sup in L^(D,E) (>= 0; default γ)");
    v("alpha", alpha, "α, weight of the MixUp smoothness term L_sr in both losses (>= 0)");
    v("xi", xi, "ξ of the MixUp weight λ ~ Beta(ξ, ξ) (> 0; MixMatch's 0.75)");
    v("labelled_fraction", labelled_fraction,
      "η, fraction of the training images in the labelled subset J, chosen by the run seed "
      "(0, 1]");
  }
  void validate(const std::string& where) const;
};

/// Loss weights of one model (Info-StyleGAN: γ_G = γ_E = γ, β = α = 0, no labels).
struct StyleGanObjective {
  double gamma_g = 0, gamma_e = 0, beta = 0, alpha = 0, xi = 0.75, r1_gamma = 0;
  double labelled_fraction = 0;  ///< > 0: semi-supervised (SemiStyleGan, needs its labelled set)
};

class StyleGanModel : public engine::Model, public engine::PriorSampling {
 public:
  /// `name`/`config` are what name()/config() return; `where` prefixes config errors.
  StyleGanModel(std::string name, Json config, const StyleGanCommonConfig& common,
                const StyleGanObjective& objective, const engine::ModelContext& ctx,
                const std::string& where);

  std::string name() const override { return name_; }
  Json config() const override { return config_; }
  int latent_dim() const override { return arch_.num_codes; }
  int noise_dim() const { return arch_.noise_dim; }
  const StyleGanArchitecture& architecture() const { return arch_; }

  /// Losses: loss (L^(G)), generator_gan, unsup_g, [sr_g], discriminator_loss (L^(D,E)),
  /// discriminator_gan, r1, unsup_e, [sup, sr_e], d_real, d_fake (mean sigmoid of the logits).
  /// The bracketed terms are Semi-StyleGAN's; it throws ConfigError before use_labelled().
  engine::Losses train_step(const torch::Tensor& images, engine::StepContext& ctx) override;
  /// E(images) [N,K] in (0,1), no log-variance; inference mode.
  engine::Encoding encode(const torch::Tensor& images) override;
  /// Codes ~ U[0, 1] (normalised factor values), noise z ~ N(0, I).
  engine::LatentPrior prior() const override {
    engine::LatentPrior p;
    p.codes.uniform = true;
    p.codes.low = 0.0;
    p.noise_dim = noise_dim();
    return p;
  }
  torch::Tensor sample_images(std::int64_t n, torch::Generator& gen) override {
    return engine::sample_from_prior(*this, prior(), n, gen);
  }
  /// codes [N,K] in [0,1], noise z [N,Z] (undefined = zeros) → images [N,C,R,R] in (0,1).
  torch::Tensor generate(const torch::Tensor& codes, const torch::Tensor& noise) override;
  std::vector<torch::Tensor> probe(const torch::Tensor& images, torch::Generator& gen) override;

  StyleGenerator& generator() { return generator_; }
  StyleDiscriminator& discriminator() { return discriminator_; }

 protected:
  const StyleGanObjective& objective() const { return objective_; }
  /// J, set by SemiStyleGan::use_labelled().
  std::shared_ptr<const engine::LabelledSet> labelled_;

 private:
  struct LabelledBatch {
    torch::Tensor images, codes;
  };
  LabelledBatch draw_labelled(const engine::StepContext& ctx, std::int64_t n) const;
  torch::Tensor draw_codes(std::int64_t n, torch::Generator& gen) const;
  torch::Tensor draw_z(std::int64_t n, torch::Generator& gen) const;
  void discriminator_step(const torch::Tensor& real, const LabelledBatch* labelled,
                          engine::StepContext& ctx, engine::Losses& log);
  engine::Losses generator_step(std::int64_t batch, const LabelledBatch* labelled,
                                engine::StepContext& ctx);

  const std::string name_;
  const Json config_;
  const StyleGanObjective objective_;
  StyleGanArchitecture arch_;
  std::vector<std::int64_t> factor_sizes_, kept_factors_;
  StyleGenerator generator_{nullptr};
  StyleDiscriminator discriminator_{nullptr};
  std::shared_ptr<torch::optim::Adam> generator_optimizer_, discriminator_optimizer_;
};

/// Semi-StyleGAN: the StyleGAN objective with labels (objective.labelled_fraction > 0). Its codes
/// are the varying factors' normalised values (supervision aligns them, so generator metrics
/// apply); Info-StyleGAN's are unaligned and it is a plain StyleGanModel.
class SemiStyleGan : public StyleGanModel, public engine::SemiSupervised {
 public:
  using StyleGanModel::StyleGanModel;
  double labelled_fraction() const override { return objective().labelled_fraction; }
  void use_labelled(std::shared_ptr<const engine::LabelledSet> labelled) override {
    labelled_ = std::move(labelled);
  }
};

}  // namespace fb::methods
