#include "baselines/infogan_losses.h"
#include "engine/noise.h"

#include <cmath>

namespace fb::baselines {

torch::Tensor discriminator_gan_loss(const torch::Tensor& d_real, const torch::Tensor& d_fake) {
  return -torch::log(d_real + kLogEpsilon).mean() - torch::log(1.0 - d_fake + kLogEpsilon).mean();
}

torch::Tensor generator_gan_loss(const torch::Tensor& d_fake) {
  return -torch::log(d_fake + kLogEpsilon).mean();
}

torch::Tensor info_loss(const torch::Tensor& predicted, const torch::Tensor& codes) {
  const double half_log_2pi = 0.5 * std::log(2.0 * M_PI);
  return (0.5 * (predicted - codes).pow(2) + half_log_2pi).sum(1).mean();
}

torch::Tensor uniform_latents(std::int64_t n, std::int64_t dim, torch::Generator& gen,
                              torch::Device device) {
  return engine::rand({n, dim}, gen, torch::TensorOptions().dtype(torch::kFloat32).device(device))
      .mul_(2)
      .sub_(1);
}

}  // namespace fb::baselines
