#include "methods/elastic_infogan_losses.h"
#include "engine/noise.h"

#include <limits>

namespace fb::methods {

namespace {

// Mean entropy (nats) of the rows of softmax(logits).
torch::Tensor mean_entropy(const torch::Tensor& logits) {
  torch::Tensor log_p = torch::log_softmax(logits, 1);
  return -(log_p.exp() * log_p).sum(1).mean();
}

}  // namespace

torch::Tensor gumbel_noise(std::int64_t n, std::int64_t k, torch::Generator& gen,
                           torch::Device device) {
  // float32 u in (1e-10, 1 − 1e-7): −log(−log u) stays finite at both ends.
  torch::Tensor u =
      engine::rand({n, k}, gen, torch::TensorOptions().device(device)).clamp_(1e-10, 1.0 - 1e-7);
  return -torch::log(-torch::log(u));
}

torch::Tensor gumbel_softmax(const torch::Tensor& logits, const torch::Tensor& gumbel,
                             double temperature, bool hard) {
  torch::Tensor log_p = torch::log_softmax(logits, -1);  // log p with p = softmax(logits)
  torch::Tensor soft = torch::softmax((log_p + gumbel) / temperature, -1);
  if (!hard) return soft;
  torch::Tensor one_hot = torch::zeros_like(soft).scatter_(1, soft.argmax(1, true), 1.0);
  return one_hot - soft.detach() + soft;  // straight-through estimator
}

torch::Tensor categorical_info_loss(const torch::Tensor& q_logits, const torch::Tensor& codes) {
  return -(codes * torch::log_softmax(q_logits, 1)).sum(1).mean();
}

torch::Tensor nt_xent_loss(const torch::Tensor& a, const torch::Tensor& b, double temperature) {
  const std::int64_t n = a.size(0);
  // Cosine similarity of every pair of the 2N rows (the released code normalises the features and
  // then takes torch's cosine similarity: the same numbers).
  torch::Tensor r = torch::nn::functional::normalize(
      torch::cat({b, a}, 0), torch::nn::functional::NormalizeFuncOptions().dim(1));
  torch::Tensor logits = torch::matmul(r, r.t()) / temperature;
  // A row's own similarity never enters its softmax; its pair (i ± N) is the positive.
  logits = logits.masked_fill(torch::eye(2 * n, logits.options().dtype(torch::kBool)),
                              -std::numeric_limits<double>::infinity());
  torch::Tensor pair =
      torch::cat({torch::arange(n, 2 * n), torch::arange(0, n)}).to(logits.device());
  return torch::nn::functional::cross_entropy(logits, pair);  // mean over the 2N rows
}

torch::Tensor entropy_loss(const torch::Tensor& logits_x, const torch::Tensor& logits_delta) {
  return mean_entropy(logits_x) + mean_entropy(logits_delta);
}

}  // namespace fb::methods
