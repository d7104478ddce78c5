// The Adam settings every GAN shares: the learning rates of its generator side and of its
// discriminator side, β1, β2 and ε. One definition, so that the GANs' validation and optimiser
// construction cannot drift apart again (before, each GAN kept its own copy and Elastic-InfoGAN had
// no ε). A GAN's config derives from it, which keeps the five keys at the top level of the config,
// and sets its protocol's defaults in its constructor.
#pragma once

#include <torch/torch.h>

#include <memory>
#include <string>
#include <vector>

namespace fb::engine {

struct GanAdamConfig {
  double generator_lr = 1e-3;
  double discriminator_lr = 1e-3;
  double adam_beta1 = 0.5;
  double adam_beta2 = 0.999;
  double adam_eps = 1e-8;

  /// Visits the five keys; the two docs say what each learning rate trains.
  template <class V>
  void visit_adam(V&& v, const char* generator_lr_doc, const char* discriminator_lr_doc) {
    v("generator_lr", generator_lr, generator_lr_doc);
    v("discriminator_lr", discriminator_lr, discriminator_lr_doc);
    v("adam_beta1", adam_beta1, "Adam β1 of every optimiser, in [0, 1)");
    v("adam_beta2", adam_beta2, "Adam β2 of every optimiser, in [0, 1)");
    v("adam_eps", adam_eps, "Adam ε of every optimiser (> 0)");
  }
  /// Learning rates > 0, betas in [0, 1), ε > 0; ConfigError naming `where`.<field> otherwise.
  void validate_adam(const std::string& where) const;
  /// An Adam optimiser over `params` at learning rate `lr` with these betas and ε.
  std::shared_ptr<torch::optim::Adam> make_adam(const std::vector<torch::Tensor>& params,
                                                double lr) const;
};

}  // namespace fb::engine
