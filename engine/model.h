// The model family: one interface every trainable model implements (VAEs, FactorVAE, later InfoGAN
// and InfoGAN-CR), and its registry.
//
// A model owns its modules and optimisers (FactorVAE has two, InfoGAN-CR three), so a checkpoint
// written through save() holds everything a bitwise-exact resume needs except the trainer's own
// state (step, data order, noise generator), which the trainer stores beside it.
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/json.h"
#include "core/registry.h"
#include "datagen/dataset.h"

namespace fb::engine {

/// What a model is built for: image geometry, device and the weight-initialisation seed.
struct ModelContext {
  int channels = 1;  ///< 1 or 3
  int height = 64;
  int width = 64;
  torch::Device device = torch::kCPU;
  std::uint64_t seed = 0;
  /// Total optimisation steps of the run (models with schedules given as fractions of the run scale
  /// them by it); 0 = unknown (benchmarks, tests): such models fall back to their protocol's
  /// length.
  std::int64_t total_steps = 0;
  /// Cardinality of every ground-truth factor of the training data (empty = unknown: benchmarks,
  /// tests). Models whose codes are the normalised factors (Semi-StyleGAN) size themselves by it.
  std::vector<std::int64_t> factor_sizes;
  /// Factor name → the held images' class frequencies (empty = unknown). Models whose prior is the
  /// data's (Elastic-InfoGAN's ground-truth-prior baseline) read it once and write it into their
  /// config, so the saved config alone rebuilds them.
  std::map<std::string, std::vector<double>> factor_frequencies;
};

struct LabelledSet;

/// Per-step inputs from the trainer.
struct StepContext {
  std::int64_t step = 0;  ///< 0-based index of this step
  /// The only source of randomness inside a step (ε, permutations); on the model's device.
  torch::Generator noise;
  /// The labelled subset J (engine/labelled_set.h) when the model asked for one through
  /// labelled_fraction(); null otherwise.
  const LabelledSet* labelled = nullptr;
  /// The training dataset (its oracle renders new observations) and the factor classes of this
  /// step's real images (int64 [B,K], CPU). The trainer sets both; callers without labels
  /// (benchmarks) leave them empty. Only models that use labels of real images outside their
  /// objective's usual inputs read them (Elastic-InfoGAN's identity-preserving δ, docs/protocols.md §2.7).
  const data::Dataset* dataset = nullptr;
  torch::Tensor classes;
};

/// Named scalar losses of one step (0-dim detached tensors, on the model's device), in a stable
/// order: these are the log's keys. The first entry is the model's main loss (a VAE's total).
using Losses = std::vector<std::pair<std::string, torch::Tensor>>;

/// A representation of images: the posterior mean and, for stochastic encoders, its log-variance.
struct Encoding {
  torch::Tensor mean;    ///< [N,D] float32
  torch::Tensor logvar;  ///< [N,D] float32, undefined for deterministic encoders
};

/// A categorical latent code that models one dataset factor (Elastic-InfoGAN): the factor's name,
/// the number of code values and the current prior over them.
struct CategoricalCode {
  std::string factor;
  std::int64_t classes = 0;
  std::vector<double> prior;  ///< [classes], sums to 1
};

/// A named copy of the model kept besides the final one, taken once `after_steps` steps are
/// complete (e.g. "InfoGAN (modified)" = the state before CR switch-on).
struct Snapshot {
  std::string name;
  std::int64_t after_steps = 0;
};

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

/// The inputs generate() expects: codes [N, latent_dim()] and noise [N, noise_dim] (ModelCentrality and
/// traversals draw from it instead of knowing model types).
struct LatentPrior {
  LatentDistribution codes;
  LatentDistribution noise;
  int noise_dim = 0;
};

class Model {
 public:
  virtual ~Model() = default;
  Model(const Model&) = delete;
  Model& operator=(const Model&) = delete;

  /// Registry name ("beta_vae", ...).
  virtual std::string name() const = 0;
  /// The resolved configuration (every field, defaults included); parsing it again gives the same
  /// model.
  virtual Json config() const = 0;
  /// Latent code width D.
  virtual int latent_dim() const = 0;

  /// One optimisation step on `images` ([B,C,H,W] float32 in [0,1], on the model's device).
  virtual Losses train_step(const torch::Tensor& images, StepContext& ctx) = 0;
  /// Inference-mode encoding of `images` ([N,C,H,W] float32 in [0,1]); no gradients.
  virtual Encoding encode(const torch::Tensor& images) = 0;
  /// True when generate() is available.
  virtual bool has_generator() const { return false; }
  /// Images ([N,C,H,W] float32 in [0,1]; a VAE's sigmoid mean) from codes [N,D] and, for models
  /// with a separate noise input, noise [N,Z] (ignored by VAEs). Throws ConfigError when there is
  /// no generator.
  virtual torch::Tensor generate(const torch::Tensor& codes, const torch::Tensor& noise);
  /// The distribution generate()'s inputs come from (default: N(0, I) codes, no noise: the VAEs).
  virtual LatentPrior prior() const { return {}; }
  /// Fraction of the training images whose factor labels the model may see (semi-supervised
  /// models); > 0 makes the trainer pass a seeded labelled subset through StepContext::labelled.
  virtual double labelled_fraction() const { return 0.0; }
  /// Images [n,C,H,W] in [0,1] from the model's own prior (codes and noise drawn from `gen`), for
  /// sample-quality metrics (FD_fb). Throws ConfigError when the model has no generator or prior.
  virtual torch::Tensor sample_images(std::int64_t n, torch::Generator& gen);
  /// True when generate()'s codes are normalised factor values: code j is the value i/(m−1) of the
  /// dataset's j-th varying factor (size > 1, in dataset order), as generator metrics (mig_gen,
  /// l2_gen) need. False by default (InfoGAN codes are not aligned with factors).
  virtual bool factor_codes() const { return false; }
  /// The model's categorical code, if it has one (Elastic-InfoGAN); nullopt by default.
  virtual std::optional<CategoricalCode> categorical_code() const { return std::nullopt; }
  /// `n` images [n,C,H,W] whose categorical code is `value` (other codes and noise drawn from
  /// `gen`). Throws ConfigError for models without a categorical code.
  virtual torch::Tensor generate_class(std::int64_t value, std::int64_t n, torch::Generator& gen);
  /// Extra named copies the trainer should keep (none by default).
  virtual std::vector<Snapshot> snapshots() const { return {}; }
  /// Runs every network once, in training mode and with gradients on, on `images` ([B,C,H,W] in
  /// [0,1], requiring grad, B >= 2) and on codes and noise drawn from `gen` (which must require
  /// grad, so that the first layers read data), and returns the outputs. `describe` reads each
  /// layer's output shape from their autograd graph (engine/describe.h). Updates nothing but
  /// running statistics. Default: none (no shapes).
  virtual std::vector<torch::Tensor> probe(const torch::Tensor& images, torch::Generator& gen);

  /// The registered modules and optimisers, in registration order.
  const std::vector<std::pair<std::string, std::shared_ptr<torch::nn::Module>>>& modules() const {
    return modules_;
  }
  const std::vector<std::pair<std::string, std::shared_ptr<torch::optim::Optimizer>>>& optimizers()
      const {
    return optimizers_;
  }

  /// Writes modules (parameters and buffers), extra_state() and, unless `with_optimizers` is false
  /// (final models, snapshots), optimiser states into `archive`.
  void save(torch::serialize::OutputArchive& archive, bool with_optimizers = true) const;
  /// Restores what save() wrote (same model name and config, same `with_optimizers`).
  void load(torch::serialize::InputArchive& archive, bool with_optimizers = true);
  /// Every parameter and buffer, named "<module>.<path>", in registration order.
  std::vector<std::pair<std::string, torch::Tensor>> named_tensors() const;
  /// SHA-256 over named_tensors() (name, dtype, shape and CPU bytes of each): equal digests mean
  /// bitwise-identical models.
  std::string digest() const;
  torch::Device device() const { return device_; }

 protected:
  explicit Model(torch::Device device) : device_(device) {}
  /// Registers a module for checkpoints and digests; returns it.
  template <class M>
  M register_module(const std::string& name, M module) {
    modules_.emplace_back(name, module.ptr());
    return module;
  }
  /// Registers an optimiser for checkpoints; the model keeps ownership through the returned
  /// pointer.
  template <class O>
  std::shared_ptr<O> register_optimizer(const std::string& name, std::shared_ptr<O> optimizer) {
    optimizers_.emplace_back(name, optimizer);
    return optimizer;
  }
  /// Model-specific counters or schedules that are not tensors (stored as JSON in checkpoints).
  virtual Json extra_state() const { return Json::object(); }
  virtual void load_extra_state(const Json&) {}

 private:
  torch::Device device_ = torch::kCPU;
  std::vector<std::pair<std::string, std::shared_ptr<torch::nn::Module>>> modules_;
  std::vector<std::pair<std::string, std::shared_ptr<torch::optim::Optimizer>>> optimizers_;
};

/// generate()'s inputs checked against a generator's widths (codes [N, num_codes], noise [N, noise_dim]);
/// returns the noise, zeros when `noise` is undefined. Throws ConfigError naming `model`.
torch::Tensor generator_noise(const std::string& model, const torch::Tensor& codes,
                              const torch::Tensor& noise, std::int64_t num_codes,
                              std::int64_t noise_dim);

/// Factory of a registered model; `config` is the user's config object (null = defaults) and
/// `where` prefixes its error messages. Throws ConfigError for unknown keys, wrong types,
/// out-of-range values or unsupported image geometry.
using ModelFactory = std::function<std::unique_ptr<Model>(
    const Json& config, const ModelContext& ctx, const std::string& where)>;
Registry<ModelFactory>& model_registry();

/// Builds the model called `name`; `where` prefixes config errors ("--set", "spec.json:
/// models[2].config").
std::unique_ptr<Model> make_model(const std::string& name, const Json& config,
                                  const ModelContext& ctx,
                                  const std::string& where = "model config");

}  // namespace fb::engine
