// The metric family: a Metric scores a representation function against a dataset's ground-truth
// oracle and returns named scores (the keys metrics.json holds). Every metric keeps its array-level
// function (mig(codes, factors), ...) separate so `evaluate-codes` reuses it on codes from any
// framework.
//
// Sampling contract: every observation a metric draws comes from generators derived from
// MetricInputs::seed alone (never from the model), so every model of a study is scored on the same
// factor samples. Protocols follow docs/protocols.md §4.1: DL (disentanglement_lib) or CR (InfoGAN-CR).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/json.h"
#include "core/registry.h"
#include "datagen/dataset.h"
#include "metrics/codes.h"

namespace fb::metrics {

/// Representation function: encodes `n` images (uint8 [n,H,W,C], the dataset's stored scale) into
/// `codes` (float32 [n,D], preallocated). Called from one thread at a time.
using Encoder = std::function<void(const std::uint8_t* images, std::int64_t n, float* codes)>;

/// Generator: renders one image per row of `codes` (float64 [n,Kc], normalised factor codes in
/// [0,1]) and of `noise` (float64 [n,Z], the generator's other input z; null when Z = 0) into
/// `images` (uint8 [n,H,W,C]).
using Generator = std::function<void(const double* codes, const double* noise, std::int64_t n,
                                     std::uint8_t* images)>;

/// Draws `n` samples z ~ p_z, the generator's noise prior, into `noise` (float64 [n,Z]) from a
/// stream seeded by `seed` alone (metrics derive it from MetricInputs::seed).
using NoiseSampler = std::function<void(std::int64_t n, std::uint64_t seed, double* noise)>;

/// A fully supervised factor encoder E_oracle: images (uint8 [n,H,W,C]) -> normalised factor
/// estimates (float64 [n,Kc], each in [0,1] on its factor's grid i/(m-1)).
using OracleEncoder =
    std::function<void(const std::uint8_t* images, std::int64_t n, double* codes)>;

/// Which published protocol a metric reproduces (docs/protocols.md §4.1). Never mix them in one table.
enum class Protocol { kDl, kCr };

/// "dl" / "cr"; parse_protocol throws ConfigError on anything else.
std::string to_string(Protocol p);
Protocol parse_protocol(const std::string& name);
/// "paper" / "current"; parse_era throws ConfigError on anything else.
std::string to_string(SklearnEra era);
SklearnEra parse_era(const std::string& name);

/// Everything a metric may use. Only `dataset`, `encode_mean` and `code_dim` are always required.
struct MetricInputs {
  const data::Dataset* dataset = nullptr;  ///< the ground-truth oracle (render)
  Encoder encode_mean;                     ///< VAE posterior mean μ(x) (or a GAN's Q output)
  Encoder encode_sampled;     ///< z ~ q(z|x); optional, used when a config asks "sampled"
  std::int64_t code_dim = 0;  ///< D
  Protocol protocol = Protocol::kDl;
  std::uint64_t seed = 0;               ///< metric seed: the only source of sampling randomness
  SklearnEra era = SklearnEra::kPaper;  ///< LogisticRegression defaults (BetaVAE, explicitness)
  Generator generate;                   ///< generator metrics only
  std::int64_t noise_dim = 0;           ///< Z of the generator's noise input (0 = none)
  NoiseSampler sample_noise;            ///< p_z of that input; required when noise_dim > 0
  OracleEncoder oracle_encoder;         ///< generator metrics only
};

/// One metric. evaluate() returns a flat JSON object of named scores, e.g. {"mig": 0.41}; scores
/// are in [0, 1] except counts (keys containing "num_"), mig_gen (a signed gap in [−1, 1]) and
/// l2_gen (a distance ≥ 0). Deterministic for fixed inputs. Throws ConfigError for missing inputs,
/// DataError for bad data.
class Metric {
 public:
  virtual ~Metric() = default;
  virtual Json evaluate(const MetricInputs& inputs) const = 0;
};

/// Factory of a registered metric; `config` is its config object (null for defaults). Throws
/// ConfigError.
using MetricFactory = std::function<std::unique_ptr<Metric>(const Json& config)>;
Registry<MetricFactory>& metric_registry();

/// Builds metric `name` with `config` (null = defaults); unknown names throw UnknownName.
std::unique_ptr<Metric> make_metric(const std::string& name, const Json& config = Json());

/// Checks the parts every metric needs (dataset, encoder, D > 0) and throws ConfigError naming
/// `metric`.
void check_inputs(const MetricInputs& inputs, const std::string& metric);

/// The encoder a config's `representation` ("mean" | "sampled") selects; ConfigError when missing.
const Encoder& select_encoder(const MetricInputs& inputs, const std::string& representation,
                              const std::string& metric);

/// Validates a `representation` config field.
void require_representation(const std::string& value, const std::string& path);

}  // namespace fb::metrics
