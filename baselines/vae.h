// The VAE family's shared model: a Gaussian encoder, a Bernoulli decoder on logits and one Adam
// optimiser; each registered variant (vae, beta_vae, annealed_vae, beta_tcvae, dip_vae_1,
// dip_vae_2) supplies only its regulariser (docs/protocols.md §2.2). Loss = reconstruction + regulariser.
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "baselines/vae_networks.h"
#include "core/config.h"
#include "engine/capabilities.h"
#include "engine/model.h"

namespace fb::baselines {

/// Settings every VAE-family model has (DL protocol defaults, docs/protocols.md §3.1).
struct VaeCommonConfig {
  std::int64_t latent_dim = 10;
  std::string architecture = "dlib";
  double lr = 1e-4;
  double adam_beta1 = 0.9;
  double adam_beta2 = 0.999;
  double adam_eps = 1e-8;

  template <class V>
  void visit(V&& v) {
    v("latent_dim", latent_dim, "latent code width D (1..1024)");
    v("architecture", architecture,
      "dlib (disentanglement_lib, §2.1) or cr (InfoGAN-CR's FactorVAE, §2.3)");
    v("lr", lr, "Adam learning rate of encoder and decoder (> 0)");
    v("adam_beta1", adam_beta1, "Adam β1 in [0, 1)");
    v("adam_beta2", adam_beta2, "Adam β2 in [0, 1)");
    v("adam_eps", adam_eps, "Adam ε (> 0)");
  }
  void validate(const std::string& where) const;
};

/// One forward pass of a VAE on a batch.
struct VaeForward {
  torch::Tensor mean, logvar;  ///< [B,D]
  torch::Tensor z;             ///< reparameterised sample [B,D]
  torch::Tensor logits;        ///< decoder logits [B,C,64,64]
};

/// A variant's regulariser: given the forward pass, the KL term and the 0-based step, returns the
/// term added to the reconstruction loss and appends any extra terms to log.
using Regulariser = std::function<torch::Tensor(const VaeForward& f, const torch::Tensor& kl,
                                                std::int64_t step, engine::Losses& log)>;

class VaeModel : public engine::Model, public engine::PriorSampling {
 public:
  /// `config` is the variant's resolved config (returned by config()); throws ConfigError for image
  /// geometry other than 64×64×{1,3}.
  VaeModel(std::string name, Json config, const VaeCommonConfig& common,
           const engine::ModelContext& ctx, Regulariser regulariser);

  std::string name() const override { return name_; }
  Json config() const override { return config_; }
  int latent_dim() const override { return static_cast<int>(common_.latent_dim); }
  /// Losses: loss, reconstruction, kl, then the variant's terms.
  engine::Losses train_step(const torch::Tensor& images, engine::StepContext& ctx) override;
  engine::Encoding encode(const torch::Tensor& images) override;
  /// Codes ~ N(0, I) (the VAE prior), no noise input.
  engine::LatentPrior prior() const override { return {}; }
  torch::Tensor sample_images(std::int64_t n, torch::Generator& gen) override {
    return engine::sample_from_prior(*this, prior(), n, gen);
  }
  /// Sigmoid of the decoder's logits for codes [N,D]; `noise` is ignored.
  torch::Tensor generate(const torch::Tensor& codes, const torch::Tensor& noise) override;
  std::vector<torch::Tensor> probe(const torch::Tensor& images, torch::Generator& gen) override;

 protected:
  VaeForward forward(const torch::Tensor& images, torch::Generator& gen);
  /// Encoder and decoder parameters (what the VAE optimiser updates).
  std::vector<torch::Tensor> vae_parameters() const;

  const std::string name_;
  const Json config_;
  const VaeCommonConfig common_;
  Architecture architecture_;
  Encoder encoder_{nullptr};
  Decoder decoder_{nullptr};
  std::shared_ptr<torch::optim::Adam> optimizer_;

 private:
  Regulariser regulariser_;
};

/// Throws ConfigError unless the images are 64×64 with 1 or 3 channels.
void require_vae_geometry(const std::string& model, const engine::ModelContext& ctx);

}  // namespace fb::baselines
