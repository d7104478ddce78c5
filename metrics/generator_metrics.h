// Generator-side metrics (Semi-StyleGAN; REFERENCE §4.4): they score a generator's controllability
// with a fully supervised oracle encoder, not an encoder's disentanglement.
//
// factorbench's reading (project): N base codes drawn on the factor grids; for each base code and
// factor k, c_k is traversed over its m_k grid values with the others fixed; the generated images
// are encoded by E_oracle and snapped to the grids. MIG-gen = mean over (n, k) of [I(t; ĉ'_k) −
// max_{j≠k} I(t; ĉ'_j)] / ln m_k (t = traversal index, MI in nats); L2-gen = mean over every
// generated image of ‖E_oracle(x') − c'‖₂.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <vector>

#include "metrics/codes.h"
#include "metrics/metric.h"

namespace fb::metrics {

struct GeneratorScores {
  double mig_gen = 0.0;
  double l2_gen = 0.0;
  Eigen::VectorXd mig_gen_per_factor;  ///< [Kc] mean over base codes; NaN for single-valued factors
};

/// Traversal scores of `generate` (codes float64 [n,Kc] in [0,1] → uint8 [n, image_bytes]) read
/// back by `oracle` (uint8 images → float64 [n,Kc]). `sizes` [Kc] = m_k grid sizes (value of class
/// i = i/(m_k−1)); `num_base` base codes drawn from `seed`. ConfigError on empty sizes or num_base
/// < 1.
GeneratorScores generator_scores(const Generator& generate, const OracleEncoder& oracle,
                                 const std::vector<std::int64_t>& sizes, std::int64_t image_bytes,
                                 std::int64_t num_base, std::uint64_t seed);

/// FactorVAE score of `encode` (a model's encoder, codes float32 [n,D]) on generated groups,
/// CR-style: `groups` groups of `group_size` generated images, group g fixing code g mod Kc at its
/// first sample's grid value; codes normalised by their std over `normalise_samples` free samples;
/// training accuracy.
double factor_score(const Generator& generate, const Encoder& encode, std::int64_t code_dim,
                    const std::vector<std::int64_t>& sizes, std::int64_t image_bytes,
                    std::int64_t groups, std::int64_t group_size, std::int64_t normalise_samples,
                    std::uint64_t seed);

}  // namespace fb::metrics
