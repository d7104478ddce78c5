#include "methods/cr_discriminator.h"

#include "baselines/infogan_networks.h"

namespace fb::methods {

namespace nn = torch::nn;
using baselines::leaky_relu_02;
using baselines::SnConv2d;
using baselines::SnLinear;

CrDiscriminatorImpl::CrDiscriminatorImpl(int channels, int num_codes, bool spectral_norm,
                                         bool batch_norm) {
  net_ = nn::Sequential();
  const int widths[] = {32, 32, 64, 64};
  int in = 2 * channels;
  for (int layer = 0; layer < 4; ++layer) {
    net_->push_back(SnConv2d(in, widths[layer], spectral_norm));
    net_->push_back(leaky_relu_02());
    if (batch_norm && layer > 0)
      net_->push_back(nn::BatchNorm2d(nn::BatchNorm2dOptions(widths[layer]).eps(1e-5)));
    in = widths[layer];
  }
  net_->push_back(nn::Flatten());
  net_->push_back(SnLinear(1024, 128, spectral_norm));
  net_->push_back(leaky_relu_02());
  if (batch_norm) net_->push_back(nn::BatchNorm1d(nn::BatchNorm1dOptions(128).eps(1e-5)));
  net_->push_back(SnLinear(128, num_codes, /*spectral_norm=*/false));
  net_ = register_module("net", net_);
}

torch::Tensor CrDiscriminatorImpl::forward(const torch::Tensor& first,
                                           const torch::Tensor& second) {
  return net_->forward(torch::cat({first, second}, 1));
}

torch::Tensor contrastive_loss(const torch::Tensor& logits, const torch::Tensor& index) {
  return torch::nn::functional::cross_entropy(logits, index);
}

}  // namespace fb::methods
