// Encoder, decoder and FactorVAE discriminator networks of the VAE family, in two architectures:
//   dlib: disentanglement_lib's conv encoder / deconv decoder (docs/protocols.md §2.1), Glorot-uniform
//   kernels,
//         zero biases (§2.8);
//   cr:   the InfoGAN-CR reference implementation's FactorVAE baseline (§2.3, last row), normal σ
//   0.02
//         (convolutions truncated at ±2σ), zero biases.
// Every network works on 64×64 images with 1 or 3 channels. Layers are built by small factory
// functions so one kind (e.g. the transposed convolutions) can be swapped for a faster formulation
// in one place.
#pragma once

#include <torch/torch.h>

#include <string>

namespace fb::baselines {

enum class Architecture { kDlib, kCr };

/// "dlib" or "cr"; anything else throws ConfigError naming `where`.
Architecture parse_architecture(const std::string& text, const std::string& where);

/// Gaussian encoder q(z|x).
class EncoderImpl : public torch::nn::Module {
 public:
  EncoderImpl(Architecture arch, int channels, int latent_dim);
  /// images [B,C,64,64] float32 → {mean [B,D], logvar [B,D]}
  std::pair<torch::Tensor, torch::Tensor> forward(const torch::Tensor& images);

 private:
  torch::nn::Sequential trunk_{nullptr};
  torch::nn::Linear mean_{nullptr}, logvar_{nullptr};
};
TORCH_MODULE(Encoder);

/// Bernoulli decoder p(x|z): returns pixel logits.
class DecoderImpl : public torch::nn::Module {
 public:
  DecoderImpl(Architecture arch, int channels, int latent_dim);
  /// codes [B,D] float32 → logits [B,C,64,64]
  torch::Tensor forward(const torch::Tensor& codes);

 private:
  torch::nn::Sequential dense_{nullptr}, upsample_{nullptr};
};
TORCH_MODULE(Decoder);

/// FactorVAE's total-correlation discriminator: n × (dense 1000, LeakyReLU 0.2), dense 2.
/// n = 6 for dlib (disentanglement_lib's fc_discriminator, docs/protocols.md §2.1); n = 5 for cr, because
/// InfoGAN-CR's TCDiscriminator(num_layers=6) builds num_layers − 1 hidden layers (issue #16 item 1).
class DiscriminatorImpl : public torch::nn::Module {
 public:
  DiscriminatorImpl(Architecture arch, int latent_dim);
  /// Hidden dense layers of `arch`'s discriminator: 6 (dlib) or 5 (cr).
  static int hidden_layers(Architecture arch);
  /// codes [B,D] → logits [B,2]; column 0 = "from q(z)", column 1 = "from Π_j q(z_j)" (permuted)
  torch::Tensor forward(const torch::Tensor& codes);

 private:
  torch::nn::Sequential net_{nullptr};
};
TORCH_MODULE(Discriminator);

/// Initialises every Conv2d, ConvTranspose2d and Linear of `module` for `arch` (§2.8) from `gen`
/// (CPU).
void initialise(torch::nn::Module& module, Architecture arch, torch::Generator& gen);

}  // namespace fb::baselines
