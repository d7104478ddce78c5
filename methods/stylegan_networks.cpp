#include "methods/stylegan_networks.h"

#include "core/error.h"
#include "engine/noise.h"

namespace fb::methods {

namespace F = torch::nn::functional;

StyleGanArchitecture stylegan_architecture(const std::string& width, int resolution,
                                           int image_channels, int num_codes,
                                           const std::string& where) {
  if (resolution != 64 && resolution != 128)
    throw ConfigError(where + ": StyleGAN networks need 64x64 or 128x128 images (got " +
                      std::to_string(resolution) + ")");
  StyleGanArchitecture a;
  a.resolution = resolution;
  a.image_channels = image_channels;
  a.num_codes = num_codes;
  if (width == "full") return a;
  if (width != "small")
    throw ConfigError(where + ".width: must be small or full (got " + width + ")");
  if (resolution == 64) {
    a.style_dim = a.noise_dim = 64;
    a.channel_base = 2048;
    a.max_channels = 64;
  } else {
    a.style_dim = 256;
    a.mapping_layers = 4;
    a.noise_dim = 64;
    a.channel_base = 4096;
    a.max_channels = 128;
  }
  return a;
}

std::int64_t parameter_count(const torch::nn::Module& module) {
  std::int64_t n = 0;
  for (const auto& p : module.parameters()) n += p.numel();
  return n;
}

StyleGeneratorImpl::StyleGeneratorImpl(const StyleGanArchitecture& arch) : arch_(arch) {
  mapping_ = register_module("mapping", torch::nn::ModuleList());
  for (int i = 0; i < arch.mapping_layers; ++i)
    mapping_->push_back(EqualLinear(i == 0 ? arch.num_codes + arch.noise_dim : arch.style_dim,
                                    arch.style_dim, arch.mapping_lr_mul));
  const int c4 = arch.channels_at(4);
  constant_ = register_parameter("constant", torch::empty({1, c4, 4, 4}));
  convs_ = register_module("convs", torch::nn::ModuleList());
  epilogues_ = register_module("epilogues", torch::nn::ModuleList());
  epilogues_->push_back(StyleEpilogue(c4, 4, arch.style_dim));
  convs_->push_back(EqualConv2d(c4, c4, 3));
  epilogues_->push_back(StyleEpilogue(c4, 4, arch.style_dim));
  for (int r = 8; r <= arch.resolution; r *= 2) {
    const int in = arch.channels_at(r / 2), out = arch.channels_at(r);
    convs_->push_back(EqualConv2d(in, out, 3));  // after the ×2 upsample
    epilogues_->push_back(StyleEpilogue(out, r, arch.style_dim));
    convs_->push_back(EqualConv2d(out, out, 3));
    epilogues_->push_back(StyleEpilogue(out, r, arch.style_dim));
  }
  to_image_ = register_module(
      "to_image", EqualConv2d(arch.channels_at(arch.resolution), arch.image_channels, 1));
}

void StyleGeneratorImpl::initialise(torch::Generator& init) {
  for (auto& layer : *mapping_) layer->as<EqualLinear>()->initialise(init);
  {
    torch::NoGradGuard no_grad;
    constant_.fill_(1.0);  // StyleGAN v1's constant input starts at ones
  }
  for (std::size_t i = 0; i < convs_->size(); ++i) {
    convs_[i]->as<EqualConv2d>()->initialise(init);
  }
  for (auto& e : *epilogues_) e->as<StyleEpilogue>()->initialise(init);
  to_image_->initialise(init);
}

torch::Tensor StyleGeneratorImpl::forward(const torch::Tensor& codes, const torch::Tensor& z,
                                          torch::Generator* noise) {
  // Pixel norm on z only: the codes keep their [0,1] scale, so a code's value is what G sees.
  torch::Tensor zn = z * torch::rsqrt(z.pow(2).mean(1, true) + 1e-8);
  torch::Tensor w = torch::cat({codes, zn}, 1);
  for (auto& layer : *mapping_) w = lrelu(layer->as<EqualLinear>()->forward(w));

  const std::int64_t b = codes.size(0);
  auto layer_noise = [&](int r) {
    return noise ? engine::randn({b, 1, r, r}, *noise, codes.options()) : torch::Tensor();
  };
  torch::Tensor x = constant_.expand({b, -1, -1, -1});
  x = epilogues_[0]->as<StyleEpilogue>()->forward(x, w, layer_noise(4));
  for (std::size_t i = 0; i < convs_->size(); ++i) {
    auto* epilogue = epilogues_[i + 1]->as<StyleEpilogue>();
    const int r = epilogue->resolution();
    if (x.size(2) < r)
      x = F::interpolate(x, F::InterpolateFuncOptions()
                                .scale_factor(std::vector<double>{2.0, 2.0})
                                .mode(torch::kNearest));
    x = epilogue->forward(convs_[i]->as<EqualConv2d>()->forward(x), w, layer_noise(r));
  }
  return torch::sigmoid(to_image_->forward(x));
}

StyleDiscriminatorImpl::StyleDiscriminatorImpl(const StyleGanArchitecture& arch) : arch_(arch) {
  from_image_ = register_module(
      "from_image", EqualConv2d(arch.image_channels, arch.channels_at(arch.resolution), 1));
  convs_ = register_module("convs", torch::nn::ModuleList());
  for (int r = arch.resolution; r >= 8; r /= 2) {
    convs_->push_back(EqualConv2d(arch.channels_at(r), arch.channels_at(r), 3));
    convs_->push_back(EqualConv2d(arch.channels_at(r), arch.channels_at(r / 2), 3));
  }
  const int c4 = arch.channels_at(4);
  // No minibatch-stddev layer: E shares this trunk and must code each image on its own.
  convs_->push_back(EqualConv2d(c4, c4, 3));
  dense_ = register_module("dense", EqualLinear(c4 * 16, c4));
  logit_ = register_module("logit", EqualLinear(c4, 1));
  code_ = register_module("code", EqualLinear(c4, arch.num_codes));
}

void StyleDiscriminatorImpl::initialise(torch::Generator& init) {
  from_image_->initialise(init);
  for (auto& c : *convs_) c->as<EqualConv2d>()->initialise(init);
  dense_->initialise(init);
  logit_->initialise(init);
  code_->initialise(init);
}

StyleDiscriminatorImpl::Output StyleDiscriminatorImpl::forward(const torch::Tensor& images) {
  torch::Tensor x = lrelu(from_image_->forward(images));
  const std::size_t blocks = (convs_->size() - 1) / 2;
  for (std::size_t i = 0; i < blocks; ++i) {
    x = lrelu(convs_[2 * i]->as<EqualConv2d>()->forward(x));
    x = lrelu(convs_[2 * i + 1]->as<EqualConv2d>()->forward(x));
    x = F::avg_pool2d(x, F::AvgPool2dFuncOptions(2));
  }
  x = lrelu(convs_[convs_->size() - 1]->as<EqualConv2d>()->forward(x));
  x = lrelu(dense_->forward(x.flatten(1)));
  return {logit_->forward(x).squeeze(1), torch::sigmoid(code_->forward(x))};
}

}  // namespace fb::methods
