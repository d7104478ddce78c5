// ModelCentrality (Lin et al. 2020, docs/protocols.md §5.2, CR protocol): every model generates its own
// groups of images with one code held fixed per group; F(i,j) = CR FactorVAE score of model i's
// encoder on model j's groups; S = (F + Fᵀ)/2; a model's centrality is its mean S to the others;
// the medoid is selected.
#pragma once

#include <torch/torch.h>

#include <Eigen/Core>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/config.h"
#include "engine/capabilities.h"
#include "engine/model.h"

namespace fb::methods {

/// centrality_i = (1/(n−1))·Σ_{j≠i} S_ij with S = (F + Fᵀ)/2, for F [n,n], n >= 2 (ConfigError
/// otherwise).
std::vector<double> centrality_scores(const Eigen::MatrixXd& f);

struct ModelCentralityConfig {
  std::int64_t groups =
      0;  ///< 0: 100 per code of the generating model (GAN K=5: 500, VAE d=10: 1,000)
  std::int64_t group_size = 100;
  std::int64_t normalise_samples = 73728;
  std::int64_t batch = 500;
  std::string representation = "sampled";

  template <class V>
  void visit(V&& v) {
    v("groups", groups,
      "groups per generating model; group g fixes code g mod D (0 = 100 per code, the paper)");
    v("group_size", group_size, "images per group (>= 2)");
    v("normalise_samples", normalise_samples, "free samples per model for the codes' std (>= 2)");
    v("batch", batch, "images generated and encoded at once (>= 1)");
    v("representation", representation,
      "codes of VAE encoders: sampled (CR protocol, z ~ q(z|x)) or mean; GANs always use Q's "
      "output");
  }
  void validate(const std::string& where) const;
};

/// A model as ModelCentrality sees it: a generator with its prior, and an encoder.
struct CentralityModel {
  int code_dim = 0;           ///< D: the generator's code inputs (the groups fix one of them)
  engine::LatentPrior prior;  ///< where codes and noise [N, prior.noise_dim] come from
  /// codes [N,D], noise [N,Z] (undefined when Z = 0) → images [N,C,H,W], inference mode.
  std::function<torch::Tensor(const torch::Tensor& codes, const torch::Tensor& noise)> generate;
  /// images → codes [N,D_i]; `gen` supplies any sampling noise.
  std::function<torch::Tensor(const torch::Tensor& images, torch::Generator& gen)> encode;
};

struct ModelCentralityResult {
  Eigen::MatrixXd f;           ///< [n,n] F(i,j): model i's encoder on model j's groups
  std::vector<double> scores;  ///< [n] centrality
};

/// Runs ModelCentrality on `models` (n >= 2). Model j's latents come from a generator derived from
/// `seed` and j, drawn in the order: groups (codes, then noise), then the free samples; each
/// encoder's sampling noise from one derived from (seed, i, j). Images are generated once per model
/// and batch and passed to every encoder.
ModelCentralityResult model_centrality(const std::vector<CentralityModel>& models,
                                       const ModelCentralityConfig& config, std::uint64_t seed,
                                       torch::Device device);

/// Adapts a trained model: the InfoGAN family (uniform prior, Q's codes) or the VAE family (N(0, I)
/// prior, sigmoid-mean images, `representation` codes). Other models throw ConfigError naming
/// `label`.
CentralityModel centrality_model(engine::Model& model, const std::string& representation,
                                 const std::string& label);

}  // namespace fb::methods
