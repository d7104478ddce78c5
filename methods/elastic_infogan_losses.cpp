#include "methods/elastic_infogan_losses.h"

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
      torch::rand({n, k}, gen, torch::TensorOptions().device(device)).clamp_(1e-10, 1.0 - 1e-7);
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

torch::Tensor transformation_loss(const torch::Tensor& p, const torch::Tensor& q) {
  return (p - q).abs().sum(1).mean();
}

torch::Tensor entropy_loss(const torch::Tensor& logits_x, const torch::Tensor& logits_delta) {
  return mean_entropy(logits_x) + mean_entropy(logits_delta);
}

}  // namespace fb::methods
