#include "metrics/generator_metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <string_view>

#include "core/config.h"
#include "core/error.h"
#include "core/rng.h"
#include "metrics/factor_vae.h"
#include "metrics/histogram.h"
#include "metrics/oracle_sampler.h"

namespace fb::metrics {

namespace {

double grid_value(std::int64_t cls, std::int64_t size) {
  return size > 1 ? static_cast<double>(cls) / static_cast<double>(size - 1) : 0.0;
}

std::int32_t snap(double v, std::int64_t size) {
  if (size <= 1 || !std::isfinite(v)) return 0;
  const double c = std::round(v * static_cast<double>(size - 1));
  return static_cast<std::int32_t>(std::clamp(c, 0.0, static_cast<double>(size - 1)));
}

void check_sizes(const std::vector<std::int64_t>& sizes, std::int64_t image_bytes,
                 const char* what) {
  if (sizes.empty()) throw ConfigError(std::string(what) + ": the generator has no factor codes");
  for (auto m : sizes)
    if (m < 1) throw ConfigError(std::string(what) + ": factor grid sizes must be >= 1");
  if (image_bytes <= 0) throw ConfigError(std::string(what) + ": image size must be > 0");
}

using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Normalised codes [n,Kc] for uniform grid classes drawn from `rng`.
RowMatrix random_codes(const std::vector<std::int64_t>& sizes, std::int64_t n, Rng& rng) {
  const auto kc = static_cast<std::int64_t>(sizes.size());
  RowMatrix c(n, kc);
  for (std::int64_t i = 0; i < n; ++i)
    for (std::int64_t k = 0; k < kc; ++k)
      c(i, k) = grid_value(
          static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(sizes[k]))), sizes[k]);
  return c;
}

void check_generator(const NoisyGenerator& g, const char* what) {
  if (!g.generate) throw ConfigError(std::string(what) + ": needs a model with a generator");
  if (g.noise_dim < 0) throw ConfigError(std::string(what) + ": noise dimension must be >= 0");
  if (g.noise_dim > 0 && !g.sample_noise)
    throw ConfigError(std::string(what) + ": the generator has a noise input but no noise prior");
}

// z [n, Z] ~ p_z from a stream of its own (purpose `purpose` of the metric seed); [n, 0] when Z = 0.
RowMatrix draw_noise(const NoisyGenerator& g, std::int64_t n, std::uint64_t seed,
                     std::string_view purpose) {
  RowMatrix z(n, g.noise_dim);
  if (g.noise_dim > 0) g.sample_noise(n, Rng::derive(seed, purpose).next_u64(), z.data());
  return z;
}

void run_generator(const NoisyGenerator& g, const RowMatrix& codes, const RowMatrix& noise,
                   std::uint8_t* images) {
  g.generate(codes.data(), g.noise_dim > 0 ? noise.data() : nullptr, codes.rows(), images);
}

}  // namespace

NoisyGenerator noisy_generator(const MetricInputs& inputs) {
  return {inputs.generate, inputs.noise_dim, inputs.sample_noise};
}

GeneratorScores generator_scores(const NoisyGenerator& g, const OracleEncoder& oracle,
                                 const std::vector<std::int64_t>& sizes, std::int64_t image_bytes,
                                 std::int64_t num_base, std::uint64_t seed) {
  check_sizes(sizes, image_bytes, "generator metrics");
  if (num_base < 1) throw ConfigError("generator metrics: need at least one base sample");
  check_generator(g, "generator metrics");
  if (!oracle) throw ConfigError("generator metrics: need an oracle encoder");
  const auto kc = static_cast<std::int64_t>(sizes.size());
  Rng rng = Rng::derive(seed, "generator:base_codes");
  const auto base = random_codes(sizes, num_base, rng);
  // The sum over n of the printed formula runs over samples of (c, z): each base sample keeps its
  // own z along all of its traversals, so only c_k changes within one.
  const RowMatrix base_noise = draw_noise(g, num_base, seed, "generator:base_noise");

  GeneratorScores out;
  out.mig_gen_per_factor = Eigen::VectorXd::Zero(kc);
  double l2_sum = 0.0, mig_sum = 0.0;
  std::int64_t images_total = 0, terms = 0;
  std::vector<std::uint8_t> images;
  for (std::int64_t k = 0; k < kc; ++k) {
    const std::int64_t m = sizes[k];
    if (m < 2) {
      out.mig_gen_per_factor(k) = std::numeric_limits<double>::quiet_NaN();
      continue;
    }
    // All traversals of factor k at once: base code n occupies rows [n·m, (n+1)·m).
    RowMatrix codes(num_base * m, kc), noise(num_base * m, g.noise_dim);
    for (std::int64_t n = 0; n < num_base; ++n)
      for (std::int64_t t = 0; t < m; ++t) {
        codes.row(n * m + t) = base.row(n);
        codes(n * m + t, k) = grid_value(t, m);
        noise.row(n * m + t) = base_noise.row(n);
      }
    images.resize(static_cast<std::size_t>(codes.rows() * image_bytes));
    run_generator(g, codes, noise, images.data());
    Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> est(codes.rows(), kc);
    oracle(images.data(), codes.rows(), est.data());
    l2_sum += (est - codes).rowwise().norm().sum();
    images_total += codes.rows();

    std::vector<std::int32_t> t_labels(static_cast<std::size_t>(m)),
        snapped(static_cast<std::size_t>(m));
    for (std::int64_t t = 0; t < m; ++t) t_labels[t] = static_cast<std::int32_t>(t);
    double factor_sum = 0.0;
    for (std::int64_t n = 0; n < num_base; ++n) {
      double own = 0.0, best_other = 0.0;
      for (std::int64_t j = 0; j < kc; ++j) {
        for (std::int64_t t = 0; t < m; ++t) snapped[t] = snap(est(n * m + t, j), sizes[j]);
        const double mi = mutual_information(t_labels.data(), snapped.data(), m);
        if (j == k)
          own = mi;
        else
          best_other = std::max(best_other, mi);
      }
      factor_sum += (own - best_other) / std::log(static_cast<double>(m));
    }
    out.mig_gen_per_factor(k) = factor_sum / static_cast<double>(num_base);
    mig_sum += factor_sum;
    terms += num_base;
  }
  if (terms == 0) throw ConfigError("generator metrics: every factor grid has a single value");
  out.mig_gen = mig_sum / static_cast<double>(terms);
  out.l2_gen = l2_sum / static_cast<double>(images_total);
  return out;
}

double factor_vae_gen(const NoisyGenerator& g, const Encoder& encode, std::int64_t code_dim,
                      const std::vector<std::int64_t>& sizes, std::int64_t image_bytes,
                      std::int64_t groups, std::int64_t group_size, std::int64_t normalise_samples,
                      std::uint64_t seed) {
  check_sizes(sizes, image_bytes, "factor_vae_gen");
  check_generator(g, "factor_vae_gen");
  if (!encode) throw ConfigError("factor_vae_gen: needs an encoder");
  if (code_dim <= 0) throw ConfigError("factor_vae_gen: code dimension must be > 0");
  if (groups < 1 || group_size < 2 || normalise_samples < 2)
    throw ConfigError("factor_vae_gen: need groups >= 1, group_size >= 2, normalise_samples >= 2");
  std::vector<int> varying;
  for (std::size_t k = 0; k < sizes.size(); ++k)
    if (sizes[k] > 1) varying.push_back(static_cast<int>(k));
  if (varying.empty()) throw ConfigError("factor_vae_gen: every factor grid has a single value");

  // Every generated image draws its own z ~ p_z: a group fixes one code, nothing else.
  auto encode_codes = [&](const RowMatrix& c, std::string_view noise_purpose) {
    std::vector<std::uint8_t> images(static_cast<std::size_t>(c.rows() * image_bytes));
    run_generator(g, c, draw_noise(g, c.rows(), seed, noise_purpose), images.data());
    Codes z(c.rows(), code_dim);
    encode(images.data(), c.rows(), z.data());
    if (!z.allFinite())
      throw NumericalError("factor_vae_gen: the encoder returned a non-finite code");
    return z;
  };
  Rng free_rng = Rng::derive(seed, "generator:free");
  const Codes free_codes =
      encode_codes(random_codes(sizes, normalise_samples, free_rng), "generator:free_noise");

  Rng group_rng = Rng::derive(seed, "generator:groups");
  auto c = random_codes(sizes, groups * group_size, group_rng);
  std::vector<int> group_factor(static_cast<std::size_t>(groups));
  for (std::int64_t g = 0; g < groups; ++g) {
    group_factor[g] = static_cast<int>(g % static_cast<std::int64_t>(varying.size()));
    const int col = varying[group_factor[g]];
    for (std::int64_t i = 1; i < group_size; ++i)
      c(g * group_size + i, col) = c(g * group_size, col);
  }
  const Codes z = encode_codes(c, "generator:group_noise");
  const auto r = factor_vae_cr(z, group_factor, group_size, static_cast<int>(varying.size()),
                               column_variance(free_codes, 0).cwiseSqrt());
  return r.train_accuracy;
}

namespace {

struct GeneratorMetricConfig {
  std::int64_t num_base_samples = 100;
  template <class V>
  void visit(V&& v) {
    v("num_base_samples", num_base_samples,
      "N: base samples (c, z ~ p_z) whose factor traversals are scored (the formula's sum over n)");
  }
  void validate(const std::string& where) const {
    require(num_base_samples >= 1, where + ".num_base_samples", "must be >= 1",
            std::to_string(num_base_samples));
  }
};

struct FactorVaeGenConfig {
  std::int64_t groups = 500;
  std::int64_t group_size = 100;
  std::int64_t normalise_samples = 10000;
  template <class V>
  void visit(V&& v) {
    v("groups", groups, "groups of generated images, group g fixing code g mod K");
    v("group_size", group_size, "generated images per group");
    v("normalise_samples", normalise_samples, "free generated images for the std normalisation");
  }
  void validate(const std::string& where) const {
    require(groups >= 1, where + ".groups", "must be >= 1", std::to_string(groups));
    require(group_size >= 2, where + ".group_size", "must be >= 2", std::to_string(group_size));
    require(normalise_samples >= 2, where + ".normalise_samples", "must be >= 2",
            std::to_string(normalise_samples));
  }
};

// The generator's codes are the dataset's varying factors, in order.
std::vector<std::int64_t> generator_sizes(const MetricInputs& in, const std::string& metric) {
  if (in.dataset == nullptr) throw ConfigError(metric + ": no dataset given");
  if (!in.generate) throw ConfigError(metric + ": needs a model with a generator");
  std::vector<std::int64_t> sizes;
  for (int k : varying_factors(*in.dataset)) sizes.push_back(in.dataset->factors()[k].size());
  return sizes;
}

class GeneratorTraversalMetric : public Metric {
 public:
  GeneratorTraversalMetric(std::string key, GeneratorMetricConfig cfg)
      : key_(std::move(key)), cfg_(cfg) {}
  Json evaluate(const MetricInputs& in) const override {
    const auto sizes = generator_sizes(in, key_);
    if (!in.oracle_encoder) throw ConfigError(key_ + ": needs an oracle factor encoder");
    const auto r = generator_scores(noisy_generator(in), in.oracle_encoder, sizes,
                                    in.dataset->image_bytes(), cfg_.num_base_samples, in.seed);
    return Json{{key_, key_ == "mig_gen" ? r.mig_gen : r.l2_gen}};
  }

  Json config() const override { return to_json(cfg_); }

 private:
  std::string key_;
  GeneratorMetricConfig cfg_;
};

class FactorVaeGenMetric : public Metric {
 public:
  explicit FactorVaeGenMetric(FactorVaeGenConfig cfg) : cfg_(cfg) {}
  Json evaluate(const MetricInputs& in) const override {
    const auto sizes = generator_sizes(in, "factor_vae_gen");
    check_inputs(in, "factor_vae_gen");
    return Json{
        {"factor_vae_gen", factor_vae_gen(noisy_generator(in), in.encode_mean, in.code_dim, sizes,
                                          in.dataset->image_bytes(), cfg_.groups, cfg_.group_size,
                                          cfg_.normalise_samples, in.seed)}};
  }

  Json config() const override { return to_json(cfg_); }

 private:
  FactorVaeGenConfig cfg_;
};

FB_REGISTER(metric_registry(),
            {"mig_gen",
             "MIG-gen: generator controllability, traversals read back by an oracle encoder (§4.4)",
             to_json(GeneratorMetricConfig{}),
             {[](const Json& cfg) -> std::unique_ptr<Metric> {
                return std::make_unique<GeneratorTraversalMetric>(
                    "mig_gen", parse<GeneratorMetricConfig>(cfg, "mig_gen"));
              },
              MetricInfo{Needs::kGenerator | Needs::kClassifier,
                         Inclusion::kDefault,
                         {{"mig_gen", -1.0, 1.0, Better::kHigher}},
                         Json{{"num_base_samples", 5}}}}});
FB_REGISTER(
    metric_registry(),
    {"l2_gen",
     "L2-gen: mean distance between the oracle's reading of generated images and their codes "
     "(lower is better; not bounded by 1)",
     to_json(GeneratorMetricConfig{}),
     {[](const Json& cfg) -> std::unique_ptr<Metric> {
        return std::make_unique<GeneratorTraversalMetric>(
            "l2_gen", parse<GeneratorMetricConfig>(cfg, "l2_gen"));
      },
      MetricInfo{Needs::kGenerator | Needs::kClassifier,
                 Inclusion::kDefault,
                 {{"l2_gen", 0.0, kUnbounded, Better::kLower}},
                 Json{{"num_base_samples", 5}}}}});
FB_REGISTER(metric_registry(),
            {"factor_vae_gen",
             "FactorVAE score of the model's encoder on generated groups (not the Semi-StyleGAN "
             "paper's Factor score, which is factor_vae on real data)",
             to_json(FactorVaeGenConfig{}),
             {[](const Json& cfg) -> std::unique_ptr<Metric> {
                return std::make_unique<FactorVaeGenMetric>(
                    parse<FactorVaeGenConfig>(cfg, "factor_vae_gen"));
              },
              // A diagnostic in no published table: runs only when named.
              MetricInfo{Needs::kGenerator | Needs::kEncoder,
                         Inclusion::kOnRequest,
                         {{"factor_vae_gen", 0.0, 1.0, Better::kHigher}},
                         Json{{"groups", 60}, {"group_size", 10}, {"normalise_samples", 200}}}}});

}  // namespace
}  // namespace fb::metrics
