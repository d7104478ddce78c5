// Elastic-InfoGAN's δ (docs/protocols.md §2.7, released code `dataloader.py`): an image augmentation of the
// same image, with no labels. The released pipeline is Augmentor's rotate(p=1, ±20°), zoom(p=1,
// 0.9–1.1) and random_distortion(p=1, grid 1×1, magnitude 10), applied in that order to each real
// image (a 28×28 PIL picture). This file redoes the three operations with OpenCV:
//   * rotate: an integer angle, with probability ½ from U{−20..0} and ½ from U{0..20} (Augmentor's
//     RotateRange); the picture is rotated on an expanded canvas, Augmentor's "largest inscribed
//     rectangle" box is cropped (its formula, slip included: the box is not the image's aspect
//     ratio) and resized back to H×W;
//   * zoom: f = U(0.9, 1.1) rounded to 2 decimals; resized to round(f·W)×round(f·H), centre crop
//     (zero fill outside the picture when f < 1);
//   * distortion: Augmentor's Distort on a grid_width × grid_height grid: each interior grid vertex
//     moves by integers dx, dy ~ U{−magnitude..magnitude}, and every tile is mapped through the
//     quadrilateral transform. A 1×1 grid has no interior vertex, so the released setting moves
//     nothing (docs/fidelity.md).
// The geometric steps compose into one inverse map per image, resampled once with bicubic
// interpolation (Augmentor resamples after each step with PIL's bicubic filter, on uint8).
#pragma once

#include <torch/torch.h>

#include <cstdint>

namespace fb::methods {

/// δ's parameters (ElasticInfoGanConfig holds them; defaults = the released pipeline).
struct AugmentSettings {
  std::int64_t max_rotation = 20;  ///< degrees each way (integer, as Augmentor draws)
  double zoom_min = 0.9, zoom_max = 1.1;
  std::int64_t grid_width = 1, grid_height = 1;  ///< distortion grid (tiles)
  std::int64_t magnitude = 10;                   ///< largest vertex move in pixels
};

/// δ of a batch: images [B,C,H,W] float32 in [0,1] (any device) → the same shape on the same
/// device, every image transformed with its own random draws from `gen` (on the images' device).
/// Deterministic for a given generator state.
torch::Tensor augment_batch(const torch::Tensor& images, const AugmentSettings& settings,
                            torch::Generator& gen);

}  // namespace fb::methods
