#include "methods/elastic_infogan_networks.h"

#include "core/error.h"

namespace fb::methods {

namespace nn = torch::nn;

namespace {

nn::LeakyReLU lrelu() { return nn::LeakyReLU(nn::LeakyReLUOptions().negative_slope(0.2)); }
nn::BatchNorm1d bn1(int n) {
  return nn::BatchNorm1d(nn::BatchNorm1dOptions(n).eps(1e-5).momentum(0.1));
}
nn::BatchNorm2d bn2(int n) {
  return nn::BatchNorm2d(nn::BatchNorm2dOptions(n).eps(1e-5).momentum(0.1));
}

nn::Conv2d down(int in, int out) {
  return nn::Conv2d(nn::Conv2dOptions(in, out, 4).stride(2).padding(1));
}
nn::ConvTranspose2d up(int in, int out) {
  return nn::ConvTranspose2d(nn::ConvTranspose2dOptions(in, out, 4).stride(2).padding(1));
}

}  // namespace

int elastic_stages(int height, int width, int requested) {
  int stages = requested;
  if (stages <= 0) {
    stages = 2;
    while ((height >> stages) > 7 || (width >> stages) > 7) ++stages;
  }
  const int unit = 1 << stages;
  if (stages > 6 || height < unit || width < unit || height % unit != 0 || width % unit != 0)
    throw ConfigError("elastic_infogan: " + std::to_string(stages) +
                      " stride-2 stages need the image's height and "
                      "width to be multiples of " +
                      std::to_string(unit) + " (got " + std::to_string(height) + "x" +
                      std::to_string(width) + ")");
  return stages;
}

ElasticGeneratorImpl::ElasticGeneratorImpl(int input_dim, int channels, int height, int width,
                                           int stages)
    : grid_h_(height >> stages), grid_w_(width >> stages) {
  const int cells = 128 * grid_h_ * grid_w_;
  dense_ =
      register_module("dense", nn::Sequential(nn::Linear(input_dim, 1024), bn1(1024), nn::ReLU(),
                                              nn::Linear(1024, cells), bn1(cells), nn::ReLU()));
  nn::Sequential upsample;
  for (int s = 2; s < stages; ++s) {
    upsample->push_back(up(128, 128));
    upsample->push_back(bn2(128));
    upsample->push_back(nn::ReLU());
  }
  upsample->push_back(up(128, 64));
  upsample->push_back(bn2(64));
  upsample->push_back(nn::ReLU());
  upsample->push_back(up(64, channels));
  upsample->push_back(nn::Tanh());
  upsample_ = register_module("upsample", upsample);
}

torch::Tensor ElasticGeneratorImpl::forward(const torch::Tensor& latents) {
  return upsample_->forward(dense_->forward(latents).view({-1, 128, grid_h_, grid_w_}));
}

ElasticTrunkImpl::ElasticTrunkImpl(int channels, int height, int width, int stages) {
  nn::Sequential conv(down(channels, 64), lrelu(), down(64, 128), bn2(128), lrelu());
  for (int s = 2; s < stages; ++s) {
    conv->push_back(down(128, 128));
    conv->push_back(bn2(128));
    conv->push_back(lrelu());
  }
  conv->push_back(nn::Flatten());
  conv_ = register_module("conv", conv);
  dense_ = register_module(
      "dense", nn::Sequential(nn::Linear(128 * (height >> stages) * (width >> stages), 1024),
                              bn1(1024), lrelu()));
}

torch::Tensor ElasticTrunkImpl::forward(const torch::Tensor& images) {
  return dense_->forward(conv_->forward(images));
}

ElasticQHeadImpl::ElasticQHeadImpl(int outputs) {
  hidden_ = register_module("hidden", nn::Sequential(nn::Linear(1024, 128), bn1(128), lrelu()));
  out_ = register_module("out", nn::Linear(128, outputs));
}

ElasticQHeadImpl::Output ElasticQHeadImpl::forward(const torch::Tensor& features) {
  torch::Tensor hidden = hidden_->forward(features);
  return {hidden, out_->forward(hidden)};
}

void initialise_elastic(nn::Module& module, torch::Generator& gen) {
  torch::NoGradGuard no_grad;
  for (auto& m : module.modules(/*include_self=*/true)) {
    const bool weighted =
        m->as<nn::Conv2d>() || m->as<nn::ConvTranspose2d>() || m->as<nn::Linear>();
    if (!weighted) continue;
    for (auto& p : m->named_parameters(/*recurse=*/false)) {
      if (p.key() == "weight")
        p.value().copy_(torch::randn(p.value().sizes(), gen) * 0.02);
      else
        p.value().zero_();
    }
  }
}

}  // namespace fb::methods
