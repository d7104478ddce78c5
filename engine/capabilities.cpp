#include "engine/capabilities.h"

#include "engine/noise.h"

namespace fb::engine {

torch::Tensor LatentDistribution::draw(std::int64_t n, std::int64_t dim, torch::Generator& gen,
                                       const torch::TensorOptions& options) const {
  const auto opts = options.dtype(torch::kFloat32);
  if (!uniform) return engine::randn({n, dim}, gen, opts);
  return engine::rand({n, dim}, gen, opts).mul_(high - low).add_(low);
}

std::pair<double, double> LatentDistribution::traversal_range() const {
  return uniform ? std::make_pair(low, high) : std::make_pair(-2.0, 2.0);
}

torch::Tensor sample_from_prior(Model& model, const LatentPrior& prior, std::int64_t n,
                                torch::Generator& gen) {
  const auto on = torch::TensorOptions().device(model.device());
  torch::Tensor codes = prior.codes.draw(n, model.latent_dim(), gen, on);
  torch::Tensor noise =
      prior.noise_dim > 0 ? prior.noise.draw(n, prior.noise_dim, gen, on) : torch::Tensor();
  return model.generate(codes, noise);
}

}  // namespace fb::engine
