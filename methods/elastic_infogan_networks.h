// Elastic-InfoGAN's networks as the released code builds them (`infoGAN.py`: Generator, Front_end,
// Discriminator, Latent_predictor; docs/protocols.md §2.7). The released code has two stride-2 stages
// (input_size // 4: 7×7 for MNIST's 28×28). For other sizes factorbench chooses the number of
// stages S (`conv_stages`; 0 = the fewest S ≥ 2 that bring the grid to 7×7 or less, so 28×28 keeps
// the released two and 64×64 gets four, a 4×4 grid): stage 1 conv 64, stage 2 conv 128 + BN,
// further stages conv 128 + BN; G mirrors them. H and W must be divisible by 2^S. Batch norm: eps
// 1e−5, momentum 0.1 (PyTorch's defaults); LeakyReLU slope 0.2. No spectral norm.
#pragma once

#include <torch/torch.h>

namespace fb::methods {

/// The number of stride-2 stages for H×W pictures: `requested` if > 0, else the fewest S ≥ 2 with
/// H/2^S ≤ 7 and W/2^S ≤ 7. ConfigError unless H and W are divisible by 2^S.
int elastic_stages(int height, int width, int requested);

/// G: [z, c] → FC 1024, BN, ReLU → FC 128·(H/2^S)·(W/2^S), BN, ReLU → (S − 2) × [deconv 128, BN,
/// ReLU] → deconv 64 (k4 s2 p1), BN, ReLU → deconv C (k4 s2 p1), tanh. Output [B,C,H,W] in [−1,1].
class ElasticGeneratorImpl : public torch::nn::Module {
 public:
  ElasticGeneratorImpl(int input_dim, int channels, int height, int width, int stages);
  torch::Tensor forward(const torch::Tensor& latents);

 private:
  int grid_h_, grid_w_;
  torch::nn::Sequential dense_{nullptr}, upsample_{nullptr};
};
TORCH_MODULE(ElasticGenerator);

/// The shared trunk FE: conv 64 (k4 s2 p1), LReLU → conv 128 (k4 s2 p1), BN, LReLU → (S − 2) ×
/// [conv 128, BN, LReLU] → flatten → FC 1024, BN, LReLU. images [B,C,H,W] in [−1,1] → [B,1024].
class ElasticTrunkImpl : public torch::nn::Module {
 public:
  ElasticTrunkImpl(int channels, int height, int width, int stages);
  torch::Tensor forward(const torch::Tensor& images);

 private:
  torch::nn::Sequential conv_{nullptr}, dense_{nullptr};
};
TORCH_MODULE(ElasticTrunk);

/// Q's head (Latent_predictor): hidden = FC 128, BN, LReLU of the trunk's features; logits = FC
/// `outputs` of the hidden features. The hidden features are what NT-Xent compares.
class ElasticQHeadImpl : public torch::nn::Module {
 public:
  explicit ElasticQHeadImpl(int outputs);
  struct Output {
    torch::Tensor hidden;  ///< [B,128]
    torch::Tensor logits;  ///< [B,outputs]
  };
  Output forward(const torch::Tensor& features);

 private:
  torch::nn::Sequential hidden_{nullptr};
  torch::nn::Linear out_{nullptr};
};
TORCH_MODULE(ElasticQHead);

/// The released `utils.initialize_weights`: conv, deconv and linear weights N(0, 0.02²), biases 0;
/// batch norm keeps PyTorch's γ = 1, β = 0. Draws from `gen` (CPU) in module order.
void initialise_elastic(torch::nn::Module& module, torch::Generator& gen);

}  // namespace fb::methods
