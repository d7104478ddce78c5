// Generator-side metrics (Semi-StyleGAN; docs/protocols.md §4.4): they score a generator's controllability
// with a fully supervised oracle encoder, not an encoder's disentanglement.
//
// factorbench's reading (project; the paper released no code): N base samples (c, z), c drawn on
// the factor grids and z ~ p_z, the generator's noise prior (the printed formula's sum over n); for
// each base sample and factor k, c_k is traversed over its m_k grid values with the rest of c and z
// fixed; the generated images are encoded by E_oracle and snapped to the grids. MIG-gen = mean over
// (n, k) of [I(t; ĉ'_k) − max_{j≠k} I(t; ĉ'_j)] / ln m_k (t = traversal index, MI in nats); L2-gen =
// mean over every generated image of ‖E_oracle(x') − c'‖₂.
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

/// A generator and its noise input: z [n, noise_dim] ~ p_z drawn by `sample_noise` (noise_dim 0:
/// the generator takes codes only and receives a null noise pointer).
struct NoisyGenerator {
  Generator generate;
  std::int64_t noise_dim = 0;
  NoiseSampler sample_noise;  ///< required when noise_dim > 0
};

/// The generator of `inputs` (generate, noise_dim, sample_noise).
NoisyGenerator noisy_generator(const MetricInputs& inputs);

/// Traversal scores of `g` (codes float64 [n,Kc] in [0,1] and z ~ p_z → uint8 [n, image_bytes])
/// read back by `oracle` (uint8 images → float64 [n,Kc]). `sizes` [Kc] = m_k grid sizes (value of
/// class i = i/(m_k−1)); `num_base` base samples (c, z), both drawn from `seed`, each z held fixed
/// along its traversals. ConfigError on empty sizes, num_base < 1 or a missing noise sampler.
GeneratorScores generator_scores(const NoisyGenerator& g, const OracleEncoder& oracle,
                                 const std::vector<std::int64_t>& sizes, std::int64_t image_bytes,
                                 std::int64_t num_base, std::uint64_t seed);

/// The FactorVAE score of `encode` (a model's encoder, codes float32 [n,D]) on generated groups,
/// CR-style (not the Semi-StyleGAN paper's Factor score, which is the FactorVAE metric on real
/// data): `groups` groups of `group_size` generated images, group g fixing code g mod Kc at its
/// first sample's grid value (the other codes and z ~ p_z free per image); codes normalised by
/// their std over `normalise_samples` free samples; training accuracy.
double factor_vae_gen(const NoisyGenerator& g, const Encoder& encode, std::int64_t code_dim,
                      const std::vector<std::int64_t>& sizes, std::int64_t image_bytes,
                      std::int64_t groups, std::int64_t group_size, std::int64_t normalise_samples,
                      std::uint64_t seed);

}  // namespace fb::metrics
