// Elastic-InfoGAN's identity-preserving transformation δ (REFERENCE §2.7, project choice): each
// real image is re-rendered by the dataset's oracle with one factor (the object identity, e.g.
// dSprites shape) kept and every other factor redrawn uniformly from its grid, so δ(x) shows the
// same identity exactly, in another pose, scale and position.
#pragma once

#include <torch/torch.h>

#include "datagen/dataset.h"

namespace fb::methods {

/// δ of a batch: `classes` int64 [B,K] (CPU; the real images' factor classes), `keep` the factor
/// left unchanged. Factor draws and the oracle's nuisance come from `gen`. Returns model input
/// [B,C,H,W] float32 in [0,1] on `device`.
torch::Tensor identity_preserving_render(const data::Dataset& dataset, const torch::Tensor& classes,
                                         int keep, torch::Generator& gen, torch::Device device);

}  // namespace fb::methods
