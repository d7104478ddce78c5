// FLOPs per image of the dlib networks, counted by engine::count_flops over one training step, against
// hand counts of their layers (docs/protocols.md §2.8).
#include "engine/flop_count.h"

#include <gtest/gtest.h>

#include "baselines/vae_networks.h"
#include "engine/model.h"
#include "engine/runtime.h"

namespace fb::baselines {
namespace {

// disentanglement_lib's conv β-VAE on 64×64×1, 10 latents. Multiply-accumulates of one forward pass
// per image; a convolution's MACs = output pixels × Cout × Cin × k², a transposed one's = input pixels
// × Cin × Cout × k², a dense layer's = in × out:
//   conv 1→32 k4 s2, 64²→32²:   32·32·32 · 1·16   =   524,288
//   conv 32→32 k4 s2, 32²→16²:  16·16·32 · 32·16  = 4,194,304
//   conv 32→64 k2 s2, 16²→8²:    8·8·64 · 32·4    =   524,288
//   conv 64→64 k2 s2, 8²→4²:     4·4·64 · 64·4    =   262,144
//   dense 1024→256                                 =   262,144
//   dense 256→10 (μ) and 256→10 (log σ²)           =     5,120
//   dense 10→256                                   =     2,560
//   dense 256→1024                                 =   262,144
//   deconv 64→64 k4 s2, 4²→8²:   4·4·64 · 64·16   = 1,048,576
//   deconv 64→32, 8²→16²:        8·8·64 · 32·16   = 2,097,152
//   deconv 32→32, 16²→32²:     16·16·32 · 32·16   = 4,194,304
//   deconv 32→1, 32²→64²:      32·32·32 · 1·16    =   524,288
//   forward total                                  = 13,901,312
// Backward computes, per layer, the input gradient and the weight gradient, each one forward's MACs,
// except the first convolution's input gradient (the images need none): 3 · 13,901,312 − 524,288 =
// 41,179,648 MACs, 82,359,296 FLOPs per image.
constexpr std::int64_t kBetaVaeFlopsPerImage = 82'359'296;

TEST(FlopCount, DlibBetaVaeStepMatchesTheHandCount) {
  constexpr std::int64_t kBatch = 2;
  auto model = engine::make_model("beta_vae", Json::object(), engine::ModelContext{}, "m");
  auto gen = engine::make_generator(torch::kCPU, 0);
  const torch::Tensor images = torch::rand({kBatch, 1, 64, 64}, gen).lt(0.3).to(torch::kFloat32);
  engine::StepContext step{0, engine::make_generator(torch::kCPU, 1)};
  const engine::FlopCount count = engine::count_flops([&] { model->train_step(images, step); });
  EXPECT_EQ(count.total, kBatch * kBetaVaeFlopsPerImage);
  // The weight gradients (and the transposed convolutions' forward passes) go through
  // convolution_backward; the per-op figures add up to the total.
  EXPECT_GT(count.by_op.at("aten::convolution_backward"), 0);
  std::int64_t sum = 0;
  for (const auto& [op, flops] : count.by_op) sum += flops;
  EXPECT_EQ(sum, count.total);
}

// disentanglement_lib's FactorVAE discriminator on 10 latents, per code: dense 10→1000 (10,000 MACs),
// five dense 1000→1000 (5,000,000), dense 1000→2 (2,000): 5,012,000 forward. Backward: every weight
// gradient (5,012,000) and every input gradient but the first layer's (5,002,000): 15,026,000 MACs,
// 30,052,000 FLOPs per code.
constexpr std::int64_t kDiscriminatorFlopsPerCode = 30'052'000;

TEST(FlopCount, DlibFactorVaeDiscriminatorMatchesTheHandCount) {
  constexpr std::int64_t kBatch = 4;
  Discriminator discriminator(Architecture::kDlib, 10);
  const torch::Tensor codes = torch::ones({kBatch, 10});
  const engine::FlopCount count =
      engine::count_flops([&] { discriminator->forward(codes).sum().backward(); });
  EXPECT_EQ(count.total, kBatch * kDiscriminatorFlopsPerCode);
}

TEST(FlopCount, NestedProductsAreCountedOnce) {
  // linear dispatches addmm inside it: 2 · 3·4·5 FLOPs, not twice that.
  const torch::Tensor x = torch::ones({3, 4}), w = torch::ones({5, 4}), b = torch::zeros({5});
  const engine::FlopCount count = engine::count_flops([&] { torch::linear(x, w, b); });
  EXPECT_EQ(count.total, 2 * 3 * 4 * 5);
  EXPECT_EQ(count.by_op.count("aten::addmm"), 0u);
}

}  // namespace
}  // namespace fb::baselines
