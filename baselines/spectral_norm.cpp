#include "baselines/spectral_norm.h"

#include <cmath>

namespace fb::baselines {

namespace F = torch::nn::functional;

namespace {

torch::Tensor l2_normalise(const torch::Tensor& x) { return x / (x.pow(2).sum().sqrt() + 1e-12); }

// LibTorch kernels are [out, ...]; the reference's W is [k·k·in, out]. σ does not depend on the
// order of the k·k·in axis, so Wᵀ = weight.reshape(out, -1) serves as is.
torch::Tensor as_matrix_t(const torch::Tensor& weight) {
  return weight.reshape({weight.size(0), -1});
}

void truncated_normal(torch::Tensor& w, double sigma, torch::Generator& gen) {
  // Inverse-CDF sampling of N(0, σ²) truncated to ±2σ: u ~ U(Φ(−2), Φ(2)), x = σ·√2·erfinv(2u − 1).
  const double lo = 0.5 * std::erfc(2.0 / std::sqrt(2.0));
  w.uniform_(lo, 1.0 - lo, gen).mul_(2).sub_(1).erfinv_().mul_(sigma * std::sqrt(2.0));
}

void init_u(torch::Tensor& u, torch::Generator& gen) {
  u.normal_(0.0, 1.0, gen);
  u.div_(u.norm());
}

}  // namespace

PowerIteration power_iteration(const torch::Tensor& weight, const torch::Tensor& u) {
  const torch::Tensor wt = as_matrix_t(weight);                // [out, m] = Wᵀ
  const torch::Tensor v = l2_normalise(u.matmul(wt));          // u·Wᵀ: [1, m]
  const torch::Tensor u_hat = l2_normalise(v.matmul(wt.t()));  // v·W: [1, out]
  const torch::Tensor sigma = v.matmul(wt.t()).matmul(u_hat.t()).reshape({});
  return {sigma, u_hat};
}

SnConv2dImpl::SnConv2dImpl(int in, int out, bool spectral_norm_) : spectral_norm(spectral_norm_) {
  weight = register_parameter("weight", torch::empty({out, in, 4, 4}));
  bias = register_parameter("bias", torch::zeros({out}));
  if (spectral_norm) u = register_buffer("u", torch::zeros({1, out}));
}

torch::Tensor SnConv2dImpl::normalised_weight() const {
  return spectral_norm ? weight / power_iteration(weight, u).sigma : weight;
}

torch::Tensor SnConv2dImpl::forward(const torch::Tensor& x) {
  return F::conv2d(x, normalised_weight(), F::Conv2dFuncOptions().bias(bias).stride(2).padding(1));
}

void SnConv2dImpl::update_u() {
  if (!spectral_norm) return;
  torch::NoGradGuard no_grad;
  u.copy_(power_iteration(weight, u).u);
}

SnLinearImpl::SnLinearImpl(int in, int out, bool spectral_norm_) : spectral_norm(spectral_norm_) {
  weight = register_parameter("weight", torch::empty({out, in}));
  bias = register_parameter("bias", torch::zeros({out}));
  if (spectral_norm) u = register_buffer("u", torch::zeros({1, out}));
}

torch::Tensor SnLinearImpl::normalised_weight() const {
  return spectral_norm ? weight / power_iteration(weight, u).sigma : weight;
}

torch::Tensor SnLinearImpl::forward(const torch::Tensor& x) {
  return F::linear(x, normalised_weight(), bias);
}

void SnLinearImpl::update_u() {
  if (!spectral_norm) return;
  torch::NoGradGuard no_grad;
  u.copy_(power_iteration(weight, u).u);
}

void update_spectral_norms(torch::nn::Module& module) {
  for (auto& m : module.modules(/*include_self=*/true)) {
    if (auto* conv = m->as<SnConv2dImpl>()) conv->update_u();
    if (auto* dense = m->as<SnLinearImpl>()) dense->update_u();
  }
}

void initialise_infogan(torch::nn::Module& module, torch::Generator& gen) {
  namespace nn = torch::nn;
  torch::NoGradGuard no_grad;
  for (auto& m : module.modules(/*include_self=*/true)) {
    if (auto* c = m->as<SnConv2dImpl>()) {
      truncated_normal(c->weight, 0.02, gen);
      c->bias.zero_();
      if (c->spectral_norm) init_u(c->u, gen);
    } else if (auto* l = m->as<SnLinearImpl>()) {
      l->weight.normal_(0.0, 0.02, gen);
      l->bias.zero_();
      if (l->spectral_norm) init_u(l->u, gen);
    } else if (auto* conv = m->as<nn::Conv2d>()) {
      truncated_normal(conv->weight, 0.02, gen);
      if (conv->bias.defined()) conv->bias.zero_();
    } else if (auto* t = m->as<nn::ConvTranspose2d>()) {
      t->weight.normal_(0.0, 0.02, gen);
      if (t->bias.defined()) t->bias.zero_();
    } else if (auto* d = m->as<nn::Linear>()) {
      d->weight.normal_(0.0, 0.02, gen);
      if (d->bias.defined()) d->bias.zero_();
    } else if (auto* bn = m->as<nn::BatchNorm1d>()) {
      bn->reset_parameters();
    } else if (auto* bn2 = m->as<nn::BatchNorm2d>()) {
      bn2->reset_parameters();
    }
  }
}

}  // namespace fb::baselines
