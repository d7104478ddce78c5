// InfoGAN-CR's contrastive pairs (docs/protocols.md §2.4, exact): each pair shares one code, drawn once,
// and its noise z; every other code differs between the two images by at least the gap g.
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <utility>

#include "baselines/infogan_networks.h"

namespace fb::methods {

/// A batch of B pairs: the first images' latents stacked over the second images'.
struct CrPairs {
  torch::Tensor latents;  ///< [2B, K+Z] float32: rows 0..B-1 the first images, B..2B-1 the second
  torch::Tensor index;    ///< [B] int64: the shared code i of each pair (H's label)
};

/// Draws `pairs` pairs from `gen` on `device`. Per pair: (1) i uniform in {0..K−1}; (2) code i gets
/// one U[−1,1] value for both images; (3) every other code gets two draws from U[−1+g/2, 1−g/2],
/// then the larger is raised and the smaller lowered by g/2 (so they differ by ≥ g and stay in
/// [−1,1]); (4) one noise vector z ~ U[−1,1]^Z for both images. g = 0 gives independent uniforms.
/// Draw order: i, shared values, first codes, second codes, noise. Requires 0 <= gap < 2.
CrPairs sample_cr_pairs(std::int64_t pairs, std::int64_t num_codes, std::int64_t noise_dim,
                        double gap, torch::Generator& gen, torch::Device device);

/// The pairs' images from `generator` in its current train()/eval() mode: G runs twice, once per
/// half (B latents each), as the reference builds its decoder once per half (InfoGAN-CR's
/// `infogan_cr.py` `build_connection`, issue #16 item 4). In training mode each half is normalised
/// with its own batch statistics and updates the running statistics once; a stacked 2B forward
/// would mix the halves' statistics. Returns {first, second}, each [B,C,64,64].
std::pair<torch::Tensor, torch::Tensor> generate_pair_images(baselines::GanGenerator& generator,
                                                             const CrPairs& pairs);

}  // namespace fb::methods
