#include "metrics/generator_metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

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

// Normalised codes [n,Kc] for uniform grid classes drawn from `rng`.
Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> random_codes(
    const std::vector<std::int64_t>& sizes, std::int64_t n, Rng& rng) {
  const auto kc = static_cast<std::int64_t>(sizes.size());
  Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> c(n, kc);
  for (std::int64_t i = 0; i < n; ++i)
    for (std::int64_t k = 0; k < kc; ++k)
      c(i, k) = grid_value(
          static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(sizes[k]))), sizes[k]);
  return c;
}

}  // namespace

GeneratorScores generator_scores(const Generator& generate, const OracleEncoder& oracle,
                                 const std::vector<std::int64_t>& sizes, std::int64_t image_bytes,
                                 std::int64_t num_base, std::uint64_t seed) {
  check_sizes(sizes, image_bytes, "generator metrics");
  if (num_base < 1) throw ConfigError("generator metrics: need at least one base code");
  if (!generate || !oracle)
    throw ConfigError("generator metrics: need a generator and an oracle encoder");
  const auto kc = static_cast<std::int64_t>(sizes.size());
  Rng rng = Rng::derive(seed, "generator:base_codes");
  const auto base = random_codes(sizes, num_base, rng);

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
    Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> codes(num_base * m, kc);
    for (std::int64_t n = 0; n < num_base; ++n)
      for (std::int64_t t = 0; t < m; ++t) {
        codes.row(n * m + t) = base.row(n);
        codes(n * m + t, k) = grid_value(t, m);
      }
    images.resize(static_cast<std::size_t>(codes.rows() * image_bytes));
    generate(codes.data(), codes.rows(), images.data());
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

double factor_score(const Generator& generate, const Encoder& encode, std::int64_t code_dim,
                    const std::vector<std::int64_t>& sizes, std::int64_t image_bytes,
                    std::int64_t groups, std::int64_t group_size, std::int64_t normalise_samples,
                    std::uint64_t seed) {
  check_sizes(sizes, image_bytes, "factor_score");
  if (!generate || !encode) throw ConfigError("factor_score: need a generator and an encoder");
  if (code_dim <= 0) throw ConfigError("factor_score: code dimension must be > 0");
  if (groups < 1 || group_size < 2 || normalise_samples < 2)
    throw ConfigError("factor_score: need groups >= 1, group_size >= 2, normalise_samples >= 2");
  std::vector<int> varying;
  for (std::size_t k = 0; k < sizes.size(); ++k)
    if (sizes[k] > 1) varying.push_back(static_cast<int>(k));
  if (varying.empty()) throw ConfigError("factor_score: every factor grid has a single value");

  auto encode_codes =
      [&](const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>& c) {
        std::vector<std::uint8_t> images(static_cast<std::size_t>(c.rows() * image_bytes));
        generate(c.data(), c.rows(), images.data());
        Codes z(c.rows(), code_dim);
        encode(images.data(), c.rows(), z.data());
        if (!z.allFinite())
          throw NumericalError("factor_score: the encoder returned a non-finite code");
        return z;
      };
  Rng free_rng = Rng::derive(seed, "generator:free");
  const Codes free_codes = encode_codes(random_codes(sizes, normalise_samples, free_rng));

  Rng group_rng = Rng::derive(seed, "generator:groups");
  auto c = random_codes(sizes, groups * group_size, group_rng);
  std::vector<int> group_factor(static_cast<std::size_t>(groups));
  for (std::int64_t g = 0; g < groups; ++g) {
    group_factor[g] = static_cast<int>(g % static_cast<std::int64_t>(varying.size()));
    const int col = varying[group_factor[g]];
    for (std::int64_t i = 1; i < group_size; ++i)
      c(g * group_size + i, col) = c(g * group_size, col);
  }
  const Codes z = encode_codes(c);
  const auto r = factor_vae_cr(z, group_factor, group_size, static_cast<int>(varying.size()),
                               column_variance(free_codes, 0).cwiseSqrt());
  return r.train_accuracy;
}

namespace {

struct GeneratorMetricConfig {
  std::int64_t num_base_codes = 100;
  template <class V>
  void visit(V&& v) {
    v("num_base_codes", num_base_codes, "base codes whose factor traversals are scored");
  }
  void validate(const std::string& where) const {
    require(num_base_codes >= 1, where + ".num_base_codes", "must be >= 1",
            std::to_string(num_base_codes));
  }
};

struct FactorScoreConfig {
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
    const auto r = generator_scores(in.generate, in.oracle_encoder, sizes,
                                    in.dataset->image_bytes(), cfg_.num_base_codes, in.seed);
    return Json{{key_, key_ == "mig_gen" ? r.mig_gen : r.l2_gen}};
  }

 private:
  std::string key_;
  GeneratorMetricConfig cfg_;
};

class FactorScoreMetric : public Metric {
 public:
  explicit FactorScoreMetric(FactorScoreConfig cfg) : cfg_(cfg) {}
  Json evaluate(const MetricInputs& in) const override {
    const auto sizes = generator_sizes(in, "factor_score");
    check_inputs(in, "factor_score");
    return Json{{"factor_score", factor_score(in.generate, in.encode_mean, in.code_dim, sizes,
                                              in.dataset->image_bytes(), cfg_.groups,
                                              cfg_.group_size, cfg_.normalise_samples, in.seed)}};
  }

 private:
  FactorScoreConfig cfg_;
};

FB_REGISTER(metric_registry(),
            {"mig_gen",
             "MIG-gen: generator controllability, traversals read back by an oracle encoder (§4.4)",
             to_json(GeneratorMetricConfig{}), [](const Json& cfg) -> std::unique_ptr<Metric> {
               return std::make_unique<GeneratorTraversalMetric>(
                   "mig_gen", parse<GeneratorMetricConfig>(cfg, "mig_gen"));
             }});
FB_REGISTER(
    metric_registry(),
    {"l2_gen",
     "L2-gen: mean distance between the oracle's reading of generated images and their codes "
     "(lower is better; not bounded by 1)",
     to_json(GeneratorMetricConfig{}), [](const Json& cfg) -> std::unique_ptr<Metric> {
       return std::make_unique<GeneratorTraversalMetric>(
           "l2_gen", parse<GeneratorMetricConfig>(cfg, "l2_gen"));
     }});
FB_REGISTER(metric_registry(),
            {"factor_score",
             "Factor score: FactorVAE score of the model's encoder on generated groups",
             to_json(FactorScoreConfig{}), [](const Json& cfg) -> std::unique_ptr<Metric> {
               return std::make_unique<FactorScoreMetric>(
                   parse<FactorScoreConfig>(cfg, "factor_score"));
             }});

}  // namespace
}  // namespace fb::metrics
