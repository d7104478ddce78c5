#include "methods/cr_pairs.h"

#include "baselines/infogan_losses.h"
#include "core/error.h"
#include "engine/noise.h"

namespace fb::methods {

CrPairs sample_cr_pairs(std::int64_t pairs, std::int64_t num_codes, std::int64_t noise_dim,
                        double gap, torch::Generator& gen, torch::Device device) {
  FB_DCHECK(gap >= 0 && gap < 2 && num_codes >= 1 && pairs >= 1);
  const auto f32 = torch::TensorOptions().dtype(torch::kFloat32).device(device);
  CrPairs out;
  out.index = engine::randint(num_codes, {pairs}, gen,
                              torch::TensorOptions().dtype(torch::kInt64).device(device));
  torch::Tensor shared = baselines::uniform_latents(pairs, 1, gen, device);
  // Two draws from U[−1+g/2, 1−g/2], then the larger moves up and the smaller down by g/2.
  const double half = gap / 2;
  torch::Tensor a = engine::rand({pairs, num_codes}, gen, f32).mul_(2 - gap).add_(-1 + half);
  torch::Tensor b = engine::rand({pairs, num_codes}, gen, f32).mul_(2 - gap).add_(-1 + half);
  torch::Tensor a_larger = a >= b;
  torch::Tensor first = torch::where(a_larger, a + half, a - half);
  torch::Tensor second = torch::where(a_larger, b - half, b + half);
  torch::Tensor is_shared =
      torch::arange(num_codes, torch::TensorOptions().dtype(torch::kInt64).device(device))
          .unsqueeze(0)
          .eq(out.index.unsqueeze(1));
  first = torch::where(is_shared, shared.expand({pairs, num_codes}), first);
  second = torch::where(is_shared, shared.expand({pairs, num_codes}), second);
  torch::Tensor noise = baselines::uniform_latents(pairs, noise_dim, gen, device);
  out.latents = torch::cat({torch::cat({first, noise}, 1), torch::cat({second, noise}, 1)}, 0);
  return out;
}

std::pair<torch::Tensor, torch::Tensor> generate_pair_images(baselines::GanGenerator& generator,
                                                             const CrPairs& pairs) {
  const std::int64_t b = pairs.index.size(0);
  torch::Tensor first = generator->forward(pairs.latents.slice(0, 0, b));
  torch::Tensor second = generator->forward(pairs.latents.slice(0, b));
  return {first, second};
}

}  // namespace fb::methods
