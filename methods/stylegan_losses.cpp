#include "methods/stylegan_losses.h"

namespace fb::methods {

torch::Tensor code_reconstruction(const torch::Tensor& predicted, const torch::Tensor& codes) {
  // norm()'s backward is 0 (not NaN) where the difference is exactly 0.
  return (predicted - codes).norm(2, {1}).mean();
}

torch::Tensor discriminator_logistic(const torch::Tensor& real_logits,
                                     const torch::Tensor& fake_logits) {
  return torch::softplus(-real_logits).mean() + torch::softplus(fake_logits).mean();
}

torch::Tensor generator_logistic(const torch::Tensor& fake_logits) {
  return torch::softplus(-fake_logits).mean();
}

torch::Tensor r1_penalty(const torch::Tensor& real_logits, const torch::Tensor& real) {
  auto grad = torch::autograd::grad({real_logits.sum()}, {real}, {}, /*retain_graph=*/true,
                                    /*create_graph=*/true)[0];
  return grad.pow(2).flatten(1).sum(1).mean();
}

torch::Tensor sample_beta(std::int64_t n, double a, double b, torch::Generator& gen,
                          torch::Device device) {
  auto opts = torch::TensorOptions().dtype(torch::kFloat32).device(device);
  torch::Tensor x = at::_standard_gamma(torch::full({n}, a, opts), gen);
  torch::Tensor y = at::_standard_gamma(torch::full({n}, b, opts), gen);
  torch::Tensor sum = x + y;
  // Both gammas can underflow to 0 for tiny shapes; the limit is then a fair coin, take 1/2.
  return torch::where(sum > 0, x / sum, torch::full_like(sum, 0.5));
}

torch::Tensor mixup_weights(std::int64_t n, double xi, torch::Generator& gen,
                            torch::Device device) {
  torch::Tensor lambda = sample_beta(n, xi, xi, gen, device);
  return torch::max(lambda, 1 - lambda);
}

torch::Tensor mix(const torch::Tensor& a, const torch::Tensor& b, const torch::Tensor& weights) {
  std::vector<std::int64_t> shape(static_cast<std::size_t>(a.dim()), 1);
  shape[0] = -1;
  torch::Tensor w = weights.view(shape);
  return w * a + (1 - w) * b;
}

torch::Tensor codes_from_classes(const torch::Tensor& classes,
                                 const std::vector<std::int64_t>& factor_sizes,
                                 const std::vector<std::int64_t>& kept) {
  std::vector<float> denominators;
  for (auto k : kept) denominators.push_back(static_cast<float>(factor_sizes[k] - 1));
  auto index = torch::tensor(kept, torch::kInt64).to(classes.device());
  auto denom = torch::tensor(denominators).to(classes.device());
  return classes.index_select(1, index).to(torch::kFloat32) / denom;
}

}  // namespace fb::methods
