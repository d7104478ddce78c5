// Optional model abilities (docs/architecture.md, "Families and registries"): small interfaces a
// model implements besides engine::Model and callers query with capability<T>(model), instead of
// virtuals every model carries or tests of a model's type.
//   PriorSampling         generate()'s inputs have a known prior (every model with a generator)
//   SemiSupervised        sees the labels of a seeded subset; its codes are normalised factor values
//   CategoricalCodeModel  one categorical code models one dataset factor (Elastic-InfoGAN)
//   Snapshotting          the trainer keeps named copies besides the final model (InfoGAN-CR)
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "engine/model.h"

namespace fb::engine {

struct LabelledSet;

/// `model` as the capability T, or nullptr when it lacks it.
template <class T>
T* capability(Model& model) {
  return dynamic_cast<T*>(&model);
}
template <class T>
const T* capability(const Model& model) {
  return dynamic_cast<const T*>(&model);
}

/// One latent input's distribution: N(0, I), or U[low, high] per dimension.
struct LatentDistribution {
  bool uniform = false;
  double low = -1.0, high = 1.0;  ///< uniform only

  /// n × dim draws from `gen` (float32, `options`' device).
  torch::Tensor draw(std::int64_t n, std::int64_t dim, torch::Generator& gen,
                     const torch::TensorOptions& options) const;
  /// Where a traversal sweeps a code: [low, high], or ±2 standard deviations.
  std::pair<double, double> traversal_range() const;
};

/// The inputs generate() expects: codes [N, latent_dim()] and noise [N, noise_dim] (ModelCentrality
/// and traversals draw from it instead of knowing model types).
struct LatentPrior {
  LatentDistribution codes;
  LatentDistribution noise;
  int noise_dim = 0;
};

/// A model with a generator whose inputs come from a known prior.
class PriorSampling {
 public:
  virtual ~PriorSampling() = default;
  /// The distribution generate()'s inputs come from.
  virtual LatentPrior prior() const = 0;
  /// Images [n,C,H,W] in [0,1] from the model's own prior (codes and noise drawn from `gen`), for
  /// sample-quality metrics (FD_fb).
  virtual torch::Tensor sample_images(std::int64_t n, torch::Generator& gen) = 0;
};

/// sample_images() for models whose prior is exactly prior(): codes, then noise, drawn from `gen`
/// on the model's device and passed to generate().
torch::Tensor sample_from_prior(Model& model, const LatentPrior& prior, std::int64_t n,
                                torch::Generator& gen);

/// A semi-supervised model: it sees the factor labels of a seeded subset J of the training images
/// (docs/protocols.md §2.6), and the labels align its generator's codes with the factors: code j
/// is the value i/(m−1) of the dataset's j-th varying factor (size > 1, in dataset order), as the
/// generator metrics (mig_gen, l2_gen) need.
class SemiSupervised {
 public:
  virtual ~SemiSupervised() = default;
  /// Fraction of the training images in J, in (0, 1].
  virtual double labelled_fraction() const = 0;
  /// Hands the model J (engine/labelled_set.h); the trainer calls it once before the first step.
  /// train_step() throws ConfigError while none is set.
  virtual void use_labelled(std::shared_ptr<const LabelledSet> labelled) = 0;
};

/// A categorical latent code that models one dataset factor: the factor's name, the number of code
/// values and the current prior over them.
struct CategoricalCode {
  std::string factor;
  std::int64_t classes = 0;
  std::vector<double> prior;  ///< [classes], sums to 1
};

/// A model with a categorical code (Elastic-InfoGAN).
class CategoricalCodeModel {
 public:
  virtual ~CategoricalCodeModel() = default;
  virtual CategoricalCode categorical_code() const = 0;
  /// `n` images [n,C,H,W] whose categorical code is `value` (other codes and noise drawn from
  /// `gen`). Throws ConfigError for a value outside the code's range.
  virtual torch::Tensor generate_class(std::int64_t value, std::int64_t n,
                                       torch::Generator& gen) = 0;
};

/// A named copy of the model kept besides the final one, taken once `after_steps` steps are
/// complete (e.g. "InfoGAN (modified)" = the state before CR switch-on).
struct Snapshot {
  std::string name;
  std::int64_t after_steps = 0;
};

/// A model whose trainer keeps extra named copies.
class Snapshotting {
 public:
  virtual ~Snapshotting() = default;
  virtual std::vector<Snapshot> snapshots() const = 0;
};

}  // namespace fb::engine
