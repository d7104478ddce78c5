#include "baselines/vae_losses.h"
#include "engine/noise.h"

#include <algorithm>
#include <cmath>

namespace fb::baselines {

namespace {
constexpr double kLog2Pi = 1.8378770664093454835606594728112;  // ln 2π
constexpr double kProbabilityClip = 1e-6;
constexpr double kCrLogEpsilon = 1e-8;  // InfoGAN-CR's EPS inside the log
}  // namespace

torch::Tensor bernoulli_reconstruction(const torch::Tensor& logits, const torch::Tensor& targets) {
  auto per_image =
      torch::binary_cross_entropy_with_logits(logits, targets, {}, {}, at::Reduction::Sum);
  return per_image / static_cast<double>(logits.size(0));
}

torch::Tensor gaussian_kl_per_dim(const torch::Tensor& mean, const torch::Tensor& logvar) {
  return 0.5 * (mean.square() + logvar.exp() - logvar - 1.0);
}

torch::Tensor gaussian_kl(const torch::Tensor& mean, const torch::Tensor& logvar) {
  return gaussian_kl_per_dim(mean, logvar).sum(1).mean();
}

torch::Tensor sample_gaussian(const torch::Tensor& mean, const torch::Tensor& logvar,
                              torch::Generator& gen) {
  torch::Tensor eps = engine::randn(mean.sizes(), gen, mean.options());
  return mean + (0.5 * logvar).exp() * eps;
}

double annealed_capacity(std::int64_t step, double c_max, double iteration_threshold) {
  return std::min(c_max, c_max * static_cast<double>(step) / iteration_threshold);
}

torch::Tensor dip_covariance_i(const torch::Tensor& mean) {
  const double b = static_cast<double>(mean.size(0));
  torch::Tensor expectation_outer = mean.t().matmul(mean) / b;  // E[μμᵀ]
  torch::Tensor m = mean.mean(0, /*keepdim=*/true);             // E[μ] as [1,D]
  return expectation_outer - m.t().matmul(m);
}

torch::Tensor dip_covariance_ii(const torch::Tensor& mean, const torch::Tensor& logvar) {
  return torch::diag(logvar.exp().mean(0)) + dip_covariance_i(mean);
}

torch::Tensor dip_penalty(const torch::Tensor& covariance, double lambda_od, double lambda_d) {
  torch::Tensor diagonal = torch::diagonal(covariance);
  torch::Tensor off_diagonal = covariance - torch::diag(diagonal);
  return lambda_od * off_diagonal.square().sum() + lambda_d * (diagonal - 1.0).square().sum();
}

torch::Tensor gaussian_log_density(const torch::Tensor& z, const torch::Tensor& mean,
                                   const torch::Tensor& logvar) {
  return -0.5 * ((z - mean).square() * (-logvar).exp() + logvar + kLog2Pi);
}

torch::Tensor total_correlation_mws(const torch::Tensor& z, const torch::Tensor& mean,
                                    const torch::Tensor& logvar) {
  // L[j,i,l]: sample j under posterior i, per dimension; [B,B,D].
  torch::Tensor log_qz_prob =
      gaussian_log_density(z.unsqueeze(1), mean.unsqueeze(0), logvar.unsqueeze(0));
  torch::Tensor log_qz = torch::logsumexp(log_qz_prob.sum(2), 1);          // log q(z_j)
  torch::Tensor log_qz_product = torch::logsumexp(log_qz_prob, 1).sum(1);  // log Π_l q(z_jl)
  return (log_qz - log_qz_product).mean();
}

torch::Tensor discriminator_tc(const torch::Tensor& logits) {
  return (logits.select(1, 0) - logits.select(1, 1)).mean();
}

torch::Tensor permute_dims(const torch::Tensor& z, torch::Generator& gen) {
  // Independent permutation per column: the ranks of uniform noise, column by column.
  torch::Tensor order =
      torch::argsort(engine::rand(z.sizes(), gen, z.options()), /*dim=*/0, /*descending=*/false);
  return z.gather(0, order);
}

torch::Tensor discriminator_loss(const torch::Tensor& logits_z,
                                 const torch::Tensor& logits_permuted) {
  torch::Tensor p_z = torch::softmax(logits_z, 1).clamp(kProbabilityClip, 1.0 - kProbabilityClip);
  torch::Tensor p_perm =
      torch::softmax(logits_permuted, 1).clamp(kProbabilityClip, 1.0 - kProbabilityClip);
  return -(0.5 * p_z.select(1, 0).log().mean() + 0.5 * p_perm.select(1, 1).log().mean());
}

torch::Tensor discriminator_loss_cr(const torch::Tensor& logits_z,
                                    const torch::Tensor& logits_permuted) {
  torch::Tensor p_z = torch::softmax(logits_z, 1).select(1, 0);
  torch::Tensor p_perm = torch::softmax(logits_permuted, 1).select(1, 1);
  return -0.5 * (p_z + kCrLogEpsilon).log().mean() - 0.5 * (p_perm + kCrLogEpsilon).log().mean();
}

}  // namespace fb::baselines
