#include "engine/gan_adam.h"

#include <cmath>

#include "core/config.h"

namespace fb::engine {

void GanAdamConfig::validate_adam(const std::string& where) const {
  for (const auto& [name, lr] : {std::pair<const char*, double>{"generator_lr", generator_lr},
                                 {"discriminator_lr", discriminator_lr}})
    require(lr > 0 && std::isfinite(lr), where + "." + name, "must be > 0", format_number(lr));
  for (const auto& [name, beta] :
       {std::pair<const char*, double>{"adam_beta1", adam_beta1}, {"adam_beta2", adam_beta2}})
    require(beta >= 0 && beta < 1, where + "." + name, "must be in [0, 1)", format_number(beta));
  require(adam_eps > 0 && std::isfinite(adam_eps), where + ".adam_eps", "must be > 0",
          format_number(adam_eps));
}

std::shared_ptr<torch::optim::Adam> GanAdamConfig::make_adam(
    const std::vector<torch::Tensor>& params, double lr) const {
  return std::make_shared<torch::optim::Adam>(
      params,
      torch::optim::AdamOptions(lr).betas(std::make_tuple(adam_beta1, adam_beta2)).eps(adam_eps));
}

}  // namespace fb::engine
