// The StyleGAN-style generator and the discriminator/encoder of Info-StyleGAN and Semi-StyleGAN
// (docs/protocols.md §2.6, docs/stylegan.md).
//
// G: mapping network (MLP) from [c, pixelnorm(z)] to the style w ("conditional styles": the code
// is concatenated to z before mapping), a learned constant 4×4 input, then per resolution 8, 16, …,
// R a block (nearest upsample ×2, two 3×3 convs), every layer followed by noise + AdaIN
// (StyleEpilogue), and a 1×1 toImage convolution with a sigmoid (images in [0,1]).
// D/E: 1×1 fromImage, per resolution R, …, 8 a block (two 3×3 convs, 2×2 average pool), a 3×3
// conv and a dense layer at 4×4, then two heads: the real/fake logit and E's code (sigmoid, [0,1]).
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <vector>

#include "methods/stylegan_layers.h"

namespace fb::methods {

/// Sizes of one network pair. Channel count at resolution r is min(max_channels, channel_base/r).
struct StyleGanArchitecture {
  int resolution = 64;     ///< R: 64 or 128
  int image_channels = 1;  ///< 1 or 3
  int num_codes = 5;       ///< K
  int noise_dim = 512;     ///< Z
  int style_dim = 512;     ///< width of w and of the mapping layers
  int mapping_layers = 8;
  int channel_base = 16384;
  int max_channels = 512;
  double mapping_lr_mul = 0.01;  ///< StyleGAN's slower mapping network

  int channels_at(int r) const { return std::min(max_channels, channel_base / r); }
};

/// The architecture of `width` ("full" | "small") for R×R images with `image_channels` channels and
/// K = `num_codes`:
///   full (StyleGAN v1 defaults): style 512, 8 mapping layers, Z 512, channels min(512, 16384/r)
///        → 47.6M parameters at 64×64×1, K 5 (paper 47.89M); 48.8M at 128×128×3, K 9 (49.05M);
///   small at 64: every width of full ÷ 8 (style 64, Z 64, channels min(64, 2048/r)) → 0.75M
///        (paper Info-StyleGAN* 0.74M);
///   small at 128: style 256, 4 mapping layers, Z 64, channels min(128, 4096/r) → 3.45M (3.44M).
/// Throws ConfigError for other widths or resolutions (message prefixed by `where`).
StyleGanArchitecture stylegan_architecture(const std::string& width, int resolution,
                                           int image_channels, int num_codes,
                                           const std::string& where);

class StyleGeneratorImpl : public torch::nn::Module {
 public:
  explicit StyleGeneratorImpl(const StyleGanArchitecture& arch);
  /// codes [B,K] and z [B,Z] → images [B,C,R,R] in (0,1). With `noise` set, per-pixel noise is
  /// drawn from it (training); without, each layer uses its fixed noise buffer (deterministic).
  torch::Tensor forward(const torch::Tensor& codes, const torch::Tensor& z,
                        torch::Generator* noise = nullptr);
  /// Draws every weight from `init` (CPU): equalised-lr weights N(0,1), constant input ones.
  void initialise(torch::Generator& init);

 private:
  StyleGanArchitecture arch_;
  torch::nn::ModuleList mapping_{nullptr};
  torch::Tensor constant_;
  torch::nn::ModuleList convs_{nullptr};      // one per layer after the constant's epilogue
  torch::nn::ModuleList epilogues_{nullptr};  // one per layer, the constant's first
  EqualConv2d to_image_{nullptr};
};
TORCH_MODULE(StyleGenerator);

class StyleDiscriminatorImpl : public torch::nn::Module {
 public:
  explicit StyleDiscriminatorImpl(const StyleGanArchitecture& arch);
  struct Output {
    torch::Tensor logit;  ///< [B] real/fake logit
    torch::Tensor codes;  ///< [B,K] E's code estimate in (0,1)
  };
  /// images [B,C,R,R] in [0,1] → both heads.
  Output forward(const torch::Tensor& images);
  void initialise(torch::Generator& init);

 private:
  StyleGanArchitecture arch_;
  EqualConv2d from_image_{nullptr};
  torch::nn::ModuleList convs_{nullptr};  // two per block, R down to 8, then the 4×4 conv
  EqualLinear dense_{nullptr}, logit_{nullptr}, code_{nullptr};
};
TORCH_MODULE(StyleDiscriminator);

/// Number of trainable parameters (buffers excluded).
std::int64_t parameter_count(const torch::nn::Module& module);

}  // namespace fb::methods
