// Building blocks of the StyleGAN-style networks (Karras et al. 2019, "StyleGAN", v1): layers with
// the equalised learning rate (weights stored N(0,1), scaled by He's constant at run time, §C.1 of
// the ProGAN paper), and the synthesis layer epilogue: per-pixel noise with a learned per-channel
// scale, LeakyReLU 0.2, instance normalisation and AdaIN style modulation.
#pragma once

#include <torch/torch.h>

namespace fb::methods {

/// Fully connected layer with the equalised learning rate: y = x·(W·g)ᵀ + b·lr_mul, where W ~ N(0,
/// 1/lr_mul²) at initialisation and g = lr_mul/√in. `lr_mul` < 1 slows the layer (StyleGAN's
/// mapping network uses 0.01); `bias_init` is the bias's initial effective value.
class EqualLinearImpl : public torch::nn::Module {
 public:
  EqualLinearImpl(int in, int out, double lr_mul = 1.0, double bias_init = 0.0);
  /// [B,in] → [B,out]
  torch::Tensor forward(const torch::Tensor& x);
  /// Draws the weights from `init` (CPU); biases take their initial value.
  void initialise(torch::Generator& init);

 private:
  torch::Tensor weight_, bias_;
  double lr_mul_, bias_init_, scale_;
};
TORCH_MODULE(EqualLinear);

/// k×k convolution (stride 1, "same" padding) with the equalised learning rate; W ~ N(0,1), scale
/// 1/√(in·k²).
class EqualConv2dImpl : public torch::nn::Module {
 public:
  EqualConv2dImpl(int in, int out, int kernel);
  /// [B,in,H,W] → [B,out,H,W]
  torch::Tensor forward(const torch::Tensor& x);
  void initialise(torch::Generator& init);

 private:
  torch::Tensor weight_, bias_;
  int padding_;
  double scale_;
};
TORCH_MODULE(EqualConv2d);

/// The epilogue after each synthesis convolution (or the learned constant): x + s⊙noise, LeakyReLU
/// 0.2, instance norm, then AdaIN x·(1 + y_s) + y_b with (y_s, y_b) = A(w), A an equalised affine
/// map from the style w (StyleGAN v1 `layer_epilogue` / `style_mod`).
class StyleEpilogueImpl : public torch::nn::Module {
 public:
  /// `channels` feature maps of side `resolution`, styles of width `style_dim`.
  StyleEpilogueImpl(int channels, int resolution, int style_dim);
  /// x [B,C,r,r], w [B,style_dim]; `noise` [B,1,r,r] or undefined for the layer's fixed noise
  /// buffer (drawn once at initialisation: generate() is deterministic).
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& w, const torch::Tensor& noise);
  void initialise(torch::Generator& init);
  int resolution() const { return resolution_; }

 private:
  torch::Tensor noise_strength_, fixed_noise_;
  EqualLinear style_{nullptr};
  int resolution_;
};
TORCH_MODULE(StyleEpilogue);

/// LeakyReLU with slope 0.2 (StyleGAN's).
torch::Tensor lrelu(const torch::Tensor& x);

}  // namespace fb::methods
