// The labelled subset J of a semi-supervised run: a seeded choice of held images whose factor
// labels a model may use (Semi-StyleGAN's L_sup and MixUp, docs/protocols.md §2.6). The trainer builds it
// once per run for a SemiSupervised model (engine/capabilities.h) and hands it over through
// use_labelled(); models draw their labelled batches from it with StepContext::noise, so a resumed
// run continues bit for bit without extra checkpoint state.
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <vector>

#include "datagen/dataset.h"

namespace fb::engine {

struct LabelledSet {
  std::vector<std::int64_t> indices;  ///< held-image indices of J, ascending
  torch::Tensor images;               ///< uint8 [J,C,H,W] on the model's device (as stored)
  torch::Tensor classes;              ///< int64 [J,K] factor class indices on the model's device
  float pixel_scale = 1.0f;           ///< stored value → [0,1] multiplier

  std::int64_t size() const { return static_cast<std::int64_t>(indices.size()); }
  /// Images of rows `rows` (int64 [B] on the device) as model input [B,C,H,W] float32 in [0,1].
  torch::Tensor images_at(const torch::Tensor& rows) const;
};

/// J = max(1, round(fraction·N)) distinct held images of `dataset` drawn with Rng(seed) (a partial
/// Fisher–Yates shuffle, so the choice is the same on every platform). fraction in (0, 1].
LabelledSet make_labelled_set(const data::Dataset& dataset, double fraction, std::uint64_t seed,
                              torch::Device device);

}  // namespace fb::engine
