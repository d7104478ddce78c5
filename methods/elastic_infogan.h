// Elastic-InfoGAN (Ojha et al., NeurIPS 2020; REFERENCE §2.7, §7 #17) on InfoGAN-CR's networks:
// InfoGAN with one categorical code of k values (k = the classes of the imbalanced factor, e.g.
// dSprites shape: 3), optional continuous codes U[−1,1] and noise U[−1,1]. Two augmentations:
//   * the categorical prior is learned: p = softmax(logits), codes drawn by Gumbel-softmax
//     (methods/elastic_infogan_losses.h), the logits trained with G;
//   * Q is made invariant to an identity-preserving transformation δ of real images (the dataset
//     oracle re-renders the same identity with every other factor redrawn,
//     methods/identity_transform.h): λ₂·L_trans + λ₃·L_ent on Q.
// Objective: min over {G,Q}, max over D of V_InfoGAN + λ₂·L_trans + λ₃·L_ent, λ₁ on the info term.
// The baselines of §2.7 are configs: prior uniform | ground_truth | learned, use_trans_loss on/off.
//
// One iteration: D+Q step (L_D + λ₁·Info_cat + λ_cont·Info_cont on fakes, + λ₂·L_trans + λ₃·L_ent
// on real images and δ of them), then `generator_steps` G steps (non-saturating L_G + the same info
// terms; gradients reach the prior logits through the Gumbel-softmax sample), then the
// spectral-norm u update. δ needs the batch's factor classes and the dataset oracle
// (StepContext::dataset and ::classes, set by the trainer).
//
// encode() returns Q's class probabilities [N,k] followed by its continuous codes [N,n_cont];
// generate(codes, noise) takes [one-hot or probability vector k, continuous n_cont] and noise
// [N,Z].
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "baselines/infogan_networks.h"
#include "core/config.h"
#include "engine/model.h"

namespace fb::methods {

struct ElasticInfoGanConfig {
  std::string factor = "shape";
  std::int64_t num_classes = 3;
  std::int64_t num_continuous = 4;
  std::int64_t noise_dim = 5;
  std::string prior = "learned";
  std::vector<double> class_prior{0.6, 0.3, 0.1};
  double temperature = 1.0;
  bool hard_sample = true;
  bool use_trans_loss = true;
  double lambda_info = 1.0;
  double lambda_continuous = 0.1;
  double lambda_trans = 10.0;
  double lambda_ent = 1.0;
  double generator_lr = 1e-3;
  double discriminator_lr = 2e-3;
  double adam_beta1 = 0.5;
  double adam_beta2 = 0.999;
  std::int64_t generator_steps = 1;

  template <class V>
  void visit(V&& v) {
    v("factor", factor,
      "dataset factor the categorical code models (its identity; dSprites: shape)");
    v("num_classes", num_classes,
      "k, values of the categorical code = the factor's classes (2..64)");
    v("num_continuous", num_continuous, "continuous codes U[-1,1] (0..64)");
    v("noise_dim", noise_dim, "noise dims U[-1,1] (0..1024)");
    v("prior", prior,
      "categorical prior: uniform | ground_truth (class_prior, fixed) | learned (Gumbel-softmax)");
    v("class_prior", class_prior, "ground_truth only: the true class distribution (k values)");
    v("temperature", temperature, "Gumbel-softmax temperature τ (> 0)");
    v("hard_sample", hard_sample,
      "feed G one-hot codes with straight-through gradients (false: the relaxed sample)");
    v("use_trans_loss", use_trans_loss,
      "λ₂·L_trans + λ₃·L_ent on Q with the identity-preserving δ (needs factor labels)");
    v("lambda_info", lambda_info, "λ₁, weight of the categorical information term (>= 0)");
    v("lambda_continuous", lambda_continuous,
      "weight of the continuous codes' Gaussian information term (>= 0)");
    v("lambda_trans", lambda_trans, "λ₂, weight of L_trans (>= 0)");
    v("lambda_ent", lambda_ent, "λ₃, weight of L_ent (>= 0)");
    v("generator_lr", generator_lr, "Adam learning rate of G and the prior logits (> 0)");
    v("discriminator_lr", discriminator_lr, "Adam learning rate of D and Q (> 0)");
    v("adam_beta1", adam_beta1, "Adam β1, in [0, 1)");
    v("adam_beta2", adam_beta2, "Adam β2, in [0, 1)");
    v("generator_steps", generator_steps, "G steps per iteration on the same feed (1..16)");
  }
  void validate(const std::string& where) const;
};

/// The categorical prior's logits: a parameter of its own module, trainable only for the learned
/// prior (a buffer-like fixed tensor otherwise), so checkpoints and digests hold it.
class CategoricalPriorImpl : public torch::nn::Module {
 public:
  CategoricalPriorImpl(const torch::Tensor& initial_logits, bool trainable);
  torch::Tensor logits;  ///< [k]
};
TORCH_MODULE(CategoricalPrior);

class ElasticInfoGan : public engine::Model {
 public:
  ElasticInfoGan(const ElasticInfoGanConfig& config, const engine::ModelContext& ctx);

  std::string name() const override { return "elastic_infogan"; }
  Json config() const override { return to_json(config_); }
  int latent_dim() const override {
    return static_cast<int>(config_.num_classes + config_.num_continuous);
  }

  /// Losses: loss (G's objective), generator_adversarial, info, discriminator_loss,
  /// info_discriminator, trans, entropy (0 when use_trans_loss is off), d_real, d_fake, prior_<i>.
  /// With use_trans_loss, ctx.dataset and ctx.classes are required (ConfigError otherwise).
  engine::Losses train_step(const torch::Tensor& images, engine::StepContext& ctx) override;
  /// [softmax of Q's class logits (k), Q's continuous codes (n_cont)], inference mode.
  engine::Encoding encode(const torch::Tensor& images) override;
  bool has_generator() const override { return true; }
  /// G in inference mode: codes [N, k + n_cont], noise [N,Z] (undefined = zeros).
  torch::Tensor generate(const torch::Tensor& codes, const torch::Tensor& noise) override;
  /// Class ~ the prior p, continuous codes and noise ~ U[−1,1].
  torch::Tensor sample_images(std::int64_t n, torch::Generator& gen) override;
  std::optional<engine::CategoricalCode> categorical_code() const override;
  torch::Tensor generate_class(std::int64_t value, std::int64_t n, torch::Generator& gen) override;

  /// p = softmax(logits) [k] (on the model's device, detached).
  torch::Tensor prior_probabilities() const;

 private:
  struct Feed {
    torch::Tensor real, delta;        ///< [B,C,H,W]; delta undefined without use_trans_loss
    torch::Tensor gumbel;             ///< [B,k] Gumbel noise of the categorical draw
    torch::Tensor continuous, noise;  ///< [B,n_cont], [B,Z]
  };
  Feed sample_feed(const torch::Tensor& real, engine::StepContext& ctx) const;
  /// The categorical codes of `feed` from the current logits (with gradients to them).
  torch::Tensor categorical(const Feed& feed) const;
  torch::Tensor latents(const torch::Tensor& categorical, const Feed& feed) const;
  /// λ₁·categorical info + λ_cont·continuous info of Q's output on fakes.
  torch::Tensor info_terms(const torch::Tensor& q_out, const torch::Tensor& categorical,
                           const Feed& feed) const;
  void discriminator_step(const Feed& feed, engine::Losses& log);
  engine::Losses generator_step(const Feed& feed);
  int factor_index(const data::Dataset& dataset) const;

  const ElasticInfoGanConfig config_;
  baselines::GanGenerator generator_{nullptr};
  baselines::GanDiscriminator discriminator_{nullptr};
  CategoricalPrior prior_{nullptr};
  std::shared_ptr<torch::optim::Adam> generator_optimizer_, discriminator_optimizer_;
};

}  // namespace fb::methods
