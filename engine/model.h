// The model family: the core interface every trainable model implements (config, step, encode or
// generate, state) and its registry. Abilities only some models have (a sampling prior, labels,
// a categorical code, snapshots) are the capability interfaces of engine/capabilities.h.
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
#include <string>
#include <utility>
#include <vector>

#include "core/json.h"
#include "core/registry.h"

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

/// Per-step inputs from the trainer.
struct StepContext {
  std::int64_t step = 0;  ///< 0-based index of this step
  /// The only source of randomness inside a step (ε, permutations); on the model's device.
  torch::Generator noise;
};

/// Named scalar losses of one step (0-dim detached tensors, on the model's device), in a stable
/// order: these are the log's keys. The first entry is the model's main loss (a VAE's total).
using Losses = std::vector<std::pair<std::string, torch::Tensor>>;

/// A representation of images: the posterior mean and, for stochastic encoders, its log-variance.
struct Encoding {
  torch::Tensor mean;    ///< [N,D] float32
  torch::Tensor logvar;  ///< [N,D] float32, undefined for deterministic encoders
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
  /// Images ([N,C,H,W] float32 in [0,1]; a VAE's sigmoid mean) from codes [N,D] and, for models
  /// with a separate noise input, noise [N,Z] (ignored by VAEs). Models with a generator implement
  /// PriorSampling (engine/capabilities.h); the others throw ConfigError.
  virtual torch::Tensor generate(const torch::Tensor& codes, const torch::Tensor& noise);
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
