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
#include <limits>
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

/// The model behind an evaluation, for metrics that need more of it than MetricInputs' functions
/// (the torch metrics of torch_metrics/: a categorical code, images from the model's prior). Its
/// one kind, engine::ModelUnderTest, is built by engine::ModelMetricInputs; metrics/ never reads it.
struct ModelSource {
  virtual ~ModelSource() = default;
};

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
  const ModelSource* model = nullptr;   ///< the model itself (torch metrics only)
};

/// A codes file's observations (`evaluate-codes`), for metrics that need nothing but codes: factor
/// classes dense (0..m−1 per factor) and both splits checked (check_train_test). Built by
/// code_inputs (metrics/evaluate_codes.h); the codes are views, never copies.
struct CodeInputs {
  const CodesView* train_codes = nullptr;  ///< [N, D]
  const Factors* train_factors = nullptr;  ///< [N, K]
  const CodesView* test_codes = nullptr;   ///< [M, D]
  const Factors* test_factors = nullptr;   ///< [M, K]
  SklearnEra era = SklearnEra::kPaper;     ///< LogisticRegression defaults (explicitness)
  std::uint64_t seed = 0;                  ///< tie-breaking randomness (DCI's trees), used as given
  /// DCI: the CR regressions to add, on the train split (docs/protocols.md §4.2 "CR DCI").
  std::vector<std::string> cr_dci_variants;
};

/// What a metric needs besides the dataset's factors, as bits of one `unsigned`. A metric that
/// needs none of them (kCodesOnly) scores (code, factor) observations alone, so it also runs on a
/// codes file.
struct Needs {
  static constexpr unsigned kCodesOnly = 0;
  /// The representation function itself: conditioned draws, factor values, more than a codes file.
  static constexpr unsigned kEncoder = 1u << 0;
  /// MetricInputs::generate: images from normalised factor codes (a SemiSupervised model, engine/capabilities.h).
  static constexpr unsigned kGenerator = 1u << 1;
  /// Images sampled from the model's own prior (a generative model; FD_fb).
  static constexpr unsigned kSampler = 1u << 2;
  /// A trained factor classifier reads images (MetricInputs::oracle_encoder; `--classifier`).
  static constexpr unsigned kClassifier = 1u << 3;
  /// A categorical latent code that models one factor (Elastic-InfoGAN).
  static constexpr unsigned kCategoricalCode = 1u << 4;
};

/// When `evaluate` runs a metric that its `--metrics` list does not name.
enum class Inclusion {
  kDefault,    ///< under `--metrics all` (the default), when its needs are met
  kOnRequest,  ///< only when named (diagnostics outside the published tables)
  kAutomatic,  ///< whenever its needs are met, whatever `--metrics` says (the model-side scores)
};

/// Which way a score improves.
enum class Better { kHigher, kLower, kNeither };

/// The bound of a score that has none (distances, counts).
constexpr double kUnbounded = std::numeric_limits<double>::infinity();

/// One score a metric writes: `key` exactly, or, when it ends in '*', every key starting with the
/// rest; its range [low, high] and direction. `nullable`: NaN (JSON null) is a legitimate value.
struct ScoreInfo {
  std::string key;
  double low = 0.0;
  double high = 1.0;
  Better better = Better::kHigher;
  bool nullable = false;
};

/// An `evaluate` option outside the metric's config that sets its config key `key`, e.g. option
/// "nmi_samples" (flag --nmi-samples, a preset's evaluate.nmi_samples) sets prior_rmse.samples.
/// Several metrics may declare one option; it sets each of them.
struct OptionAlias {
  std::string option;
  std::string key;
};

/// What a metric declares at registration, read by `evaluate`, `evaluate-codes`, `list` and the
/// registry walk.
struct MetricInfo {
  unsigned needs = Needs::kCodesOnly;  ///< Needs bits
  Inclusion inclusion = Inclusion::kDefault;
  /// Every key evaluate() returns matches one, the first that matches rules.
  std::vector<ScoreInfo> scores;
  /// A config that scores the registry walk's 10-factor toy set (tests/metrics/toy_world.h) in
  /// well under a second.
  Json walk_config = Json::object();
  std::vector<OptionAlias> aliases;  ///< older option names for config keys (kept working)
};

/// The declaration of score `key` in `info` (null when none matches).
const ScoreInfo* find_score(const MetricInfo& info, const std::string& key);

/// One metric. evaluate() returns a flat JSON object of named scores, e.g. {"mig": 0.41}, each in
/// the range its registration declares (MetricInfo::scores). Deterministic for fixed inputs.
/// Throws ConfigError for missing inputs, DataError for bad data.
class Metric {
 public:
  virtual ~Metric() = default;
  virtual Json evaluate(const MetricInputs& inputs) const = 0;
  /// The resolved configuration (every field, defaults included): building the metric from it
  /// again gives the same metric.
  virtual Json config() const = 0;
  /// Scores a codes file (`evaluate-codes`: DL semantics, discrete factors). Every metric that
  /// declares Needs::kCodesOnly overrides it; calling the default is a programming error.
  virtual Json evaluate_codes(const CodeInputs& inputs) const;
};

/// Builds a metric from its config object (null for defaults). Throws ConfigError.
using MetricMaker = std::function<std::unique_ptr<Metric>(const Json& config)>;

/// What a metric registers besides name, summary and defaults: how to build it and its
/// declarations. Calling it builds the metric.
struct MetricFactory {
  MetricMaker build;
  MetricInfo info;
  std::unique_ptr<Metric> operator()(const Json& config) const { return build(config); }
};
/// Every metric; `entry.make.info` holds an entry's declarations.
using MetricRegistry = Registry<MetricFactory>;
MetricRegistry& metric_registry();

/// Builds metric `name` with `config` (null = defaults); unknown names throw UnknownName.
std::unique_ptr<Metric> make_metric(const std::string& name, const Json& config = Json());

/// The metrics an evaluation runs, in this order: `requested` as given (registry names; empty or
/// {"all"}: every Inclusion::kDefault entry whose needs `available` meets, in registry order;
/// {"none"}: no requested metric), then every Inclusion::kAutomatic entry whose needs `available`
/// meets and that is not already listed. `available` holds the Needs bits the caller can serve.
/// UnknownName for a requested name that is not registered.
std::vector<std::string> select_metrics(const std::vector<std::string>& requested,
                                        unsigned available);

/// Every option alias the registry declares (OptionAlias::option), sorted, each once.
std::vector<std::string> option_aliases();

/// Sets `value` (JSON text, or a plain string) under metric_config[metric][key] for every metric
/// that declares `option` as an alias. ConfigError when none does.
void apply_option_alias(Json& metric_config, const std::string& option, const std::string& value);

/// Checks the parts every metric needs (dataset, encoder, D > 0) and throws ConfigError naming
/// `metric`.
void check_inputs(const MetricInputs& inputs, const std::string& metric);

/// The encoder a config's `representation` ("mean" | "sampled") selects; ConfigError when missing.
const Encoder& select_encoder(const MetricInputs& inputs, const std::string& representation,
                              const std::string& metric);

/// Validates a `representation` config field.
void require_representation(const std::string& value, const std::string& path);

}  // namespace fb::metrics
