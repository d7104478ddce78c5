// Elastic-InfoGAN (Ojha et al., NeurIPS 2020) as the released code `utkarshojha/elastic-infogan`
// trains it (docs/protocols.md §2.7; docs/fidelity.md, section Elastic-InfoGAN): InfoGAN with one
// categorical code of k values whose prior is learned, on the released networks
// (methods/elastic_infogan_networks.h). Defaults are the paper's MNIST protocol: z 62-d N(0,1), a
// 10-way code, no continuous codes, Adam 2e−4 (0.5, 0.999) for both optimisers.
//   * prior: p = softmax(logits), starting uniform; the code fed to G is the soft Gumbel-softmax
//     sample at τ = 0.1 (methods/elastic_infogan_losses.h), so G's losses reach the logits;
//   * L_trans: NT-Xent between Q's 128-d hidden features of the real batch and of δ of it, an image
//     augmentation of the same pictures (methods/elastic_augment.h), weight 10, temperature 1.
//
// One iteration, in the released order: D step (the trunk and D minimise the BCE adversarial loss of
// real vs G(z, c).detach(); the trunk also encodes δ(x) with its pre-step weights), then the G step:
// G's optimiser holds G, Q's head and the prior logits and minimises the non-saturating adversarial
// loss + λ_info·CE(Q(G(z,c)), argmax c) + λ_trans·NT-Xent (+ λ_ent·L_ent, off by default). The trunk
// learns from the adversarial loss only: the G step computes no gradient for it.
//
// Images enter as [0,1] and are mapped to the released [−1,1]; G's tanh output is mapped back.
// encode() returns Q's class probabilities [N,k] followed by its continuous codes [N,n_cont];
// generate(codes, noise) takes [one-hot or probability vector k, continuous n_cont] and z [N,Z].
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
#include "methods/elastic_augment.h"
#include "methods/elastic_infogan_networks.h"

namespace fb::methods {

struct ElasticInfoGanConfig : engine::GanAdamConfig {
  ElasticInfoGanConfig() {  // the released: Adam 2e−4 (0.5, 0.999) for both optimisers
    generator_lr = 2e-4;
    discriminator_lr = 2e-4;
  }

  std::string factor = "digit";
  std::int64_t num_classes = 10;
  std::int64_t num_continuous = 0;
  std::int64_t noise_dim = 62;
  std::int64_t conv_stages = 0;
  std::string prior = "learned";
  std::vector<double> class_prior;
  double temperature = 0.1;
  bool hard_sample = false;
  bool use_trans_loss = true;
  double lambda_info = 1.0;
  double lambda_continuous = 0.1;
  double lambda_trans = 10.0;
  double trans_temperature = 1.0;
  double lambda_ent = 0.0;
  std::int64_t max_rotation = 20;
  double zoom_min = 0.9;
  double zoom_max = 1.1;
  std::int64_t distortion_grid_width = 1;
  std::int64_t distortion_grid_height = 1;
  std::int64_t distortion_magnitude = 10;

  template <class V>
  void visit(V&& v) {
    v("factor", factor,
      "dataset factor the categorical code models, for evaluation (MNIST: digit; dSprites: shape)");
    v("num_classes", num_classes, "k, values of the categorical code (2..64; released: 10)");
    v("num_continuous", num_continuous,
      "continuous codes U[-1,1] (0..64; released: 0), predicted by Q's head with a σ = 1 Gaussian");
    v("noise_dim", noise_dim, "z dims, N(0,1) (0..1024; released: 62)");
    v("conv_stages", conv_stages,
      "stride-2 stages of the trunk and G (0 = auto: the fewest >= 2 reaching a grid <= 7x7; "
      "28x28 gets the released 2, 64x64 gets 4)");
    v("prior", prior,
      "categorical prior: uniform | ground_truth (class_prior, fixed) | learned (released)");
    v("class_prior", class_prior,
      "ground_truth only: the true class distribution (k values); empty = the training data's "
      "class frequencies of `factor`, written here when the model is built");
    v("temperature", temperature, "Gumbel-softmax temperature τ (> 0; released: 0.1)");
    v("hard_sample", hard_sample,
      "feed G one-hot codes with straight-through gradients (released: false, the soft sample)");
    v("use_trans_loss", use_trans_loss,
      "λ_trans·NT-Xent between Q's hidden features of x and δ(x)");
    v("lambda_info", lambda_info, "weight of the categorical information term (>= 0; released: 1)");
    v("lambda_continuous", lambda_continuous,
      "weight of the continuous codes' Gaussian information term (>= 0)");
    v("lambda_trans", lambda_trans, "weight of NT-Xent (>= 0; released --klwt 10)");
    v("trans_temperature", trans_temperature, "NT-Xent temperature (> 0; released --mytemp 1)");
    v("lambda_ent", lambda_ent,
      "weight of L_ent, the entropies of Q(c|x) and Q(c|δ(x)) (>= 0; released: defined, unused: "
      "0)");
    visit_adam(v, "Adam learning rate of G, Q's head and the prior (> 0)",
               "Adam learning rate of the trunk and D (> 0)");
    v("max_rotation", max_rotation, "δ: rotation up to this many degrees each way (0..90; 20)");
    v("zoom_min", zoom_min, "δ: smallest zoom factor (> 0; 0.9)");
    v("zoom_max", zoom_max, "δ: largest zoom factor (>= zoom_min; 1.1)");
    v("distortion_grid_width", distortion_grid_width,
      "δ: Augmentor distortion grid tiles across (1..16; released 1, which moves nothing)");
    v("distortion_grid_height", distortion_grid_height, "δ: distortion grid tiles down (1..16; 1)");
    v("distortion_magnitude", distortion_magnitude,
      "δ: largest grid-vertex move, pixels (0..64; 10)");
  }
  void validate(const std::string& where) const;
  AugmentSettings augment() const;
};

/// The categorical prior's logits: a parameter of its own module, trainable only for the learned
/// prior (a buffer-like fixed tensor otherwise), so checkpoints and digests hold it.
class CategoricalPriorImpl : public torch::nn::Module {
 public:
  CategoricalPriorImpl(const torch::Tensor& initial_logits, bool trainable);
  torch::Tensor logits;  ///< [k]
};
TORCH_MODULE(CategoricalPrior);

class ElasticInfoGan : public engine::Model,
                       public engine::PriorSampling,
                       public engine::CategoricalCodeModel {
 public:
  ElasticInfoGan(const ElasticInfoGanConfig& config, const engine::ModelContext& ctx);

  std::string name() const override { return "elastic_infogan"; }
  Json config() const override { return to_json(config_); }
  int latent_dim() const override {
    return static_cast<int>(config_.num_classes + config_.num_continuous);
  }

  /// Losses: loss (G's objective), generator_adversarial, info, trans, entropy, discriminator_loss,
  /// d_real, d_fake, prior_<i>. Needs no labels.
  engine::Losses train_step(const torch::Tensor& images, engine::StepContext& ctx) override;
  /// [softmax of Q's class logits (k), Q's continuous codes (n_cont)], inference mode.
  engine::Encoding encode(const torch::Tensor& images) override;
  /// G in inference mode: codes [N, k + n_cont], z [N,Z] (undefined = zeros) → images in [0,1].
  torch::Tensor generate(const torch::Tensor& codes, const torch::Tensor& noise) override;
  std::vector<torch::Tensor> probe(const torch::Tensor& images, torch::Generator& gen) override;
  /// N(0, I) codes, no noise: what traversals and ModelCentrality have drawn for this model so far
  /// (sample_images() draws from the real prior).
  engine::LatentPrior prior() const override { return {}; }
  /// Class ~ the prior p, z ~ N(0,1), continuous codes ~ U[−1,1].
  torch::Tensor sample_images(std::int64_t n, torch::Generator& gen) override;
  engine::CategoricalCode categorical_code() const override;
  /// One-hot code `value`, z ~ N(0,1) (the released evaluation's draws).
  torch::Tensor generate_class(std::int64_t value, std::int64_t n, torch::Generator& gen) override;

  /// p = softmax(logits) [k] (on the model's device, detached).
  torch::Tensor prior_probabilities() const;
  /// The two optimisers' parameter groups (the released G_optimizer and D_optimizer).
  std::vector<torch::Tensor> generator_group() const;
  std::vector<torch::Tensor> discriminator_group() const;
  /// The shared trunk FE (tests check which optimiser moves it).
  const ElasticTrunk& trunk() const { return trunk_; }
  const ElasticQHead& q_head() const { return q_head_; }

 private:
  struct Feed {
    torch::Tensor real, delta;        ///< [B,C,H,W] in [−1,1]; delta undefined without L_trans
    torch::Tensor gumbel;             ///< [B,k] Gumbel noise of the categorical draw
    torch::Tensor continuous, noise;  ///< [B,n_cont] U[−1,1], [B,Z] N(0,1)
  };
  Feed sample_feed(const torch::Tensor& images, engine::StepContext& ctx) const;
  torch::Tensor latents(const torch::Tensor& categorical, const torch::Tensor& continuous,
                        const torch::Tensor& noise) const;

  const ElasticInfoGanConfig config_;
  ElasticGenerator generator_{nullptr};
  ElasticTrunk trunk_{nullptr};
  torch::nn::Linear d_head_{nullptr};
  ElasticQHead q_head_{nullptr};
  CategoricalPrior prior_{nullptr};
  std::shared_ptr<torch::optim::Adam> generator_optimizer_, discriminator_optimizer_;
};

}  // namespace fb::methods
