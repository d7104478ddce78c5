#include "metrics/l2.h"

#include <cmath>
#include <memory>
#include <string>

#include "core/config.h"
#include "core/error.h"
#include "core/rng.h"
#include "metrics/metric.h"
#include "metrics/oracle_sampler.h"

namespace fb::metrics {

double l2_score(const Codes& codes, const Factors& classes,
                const std::vector<std::int64_t>& sizes) {
  const auto k = static_cast<Eigen::Index>(sizes.size());
  if (codes.rows() != classes.rows() || codes.cols() != k || classes.cols() != k)
    throw DataError("l2: codes " + std::to_string(codes.rows()) + "x" +
                    std::to_string(codes.cols()) + ", factors " + std::to_string(classes.rows()) +
                    "x" + std::to_string(classes.cols()) + " and " + std::to_string(k) +
                    " factor sizes must agree (one code per varying factor)");
  if (codes.rows() == 0) throw DataError("l2: no observations");
  for (std::size_t j = 0; j < sizes.size(); ++j)
    if (sizes[j] < 2)
      throw DataError("l2: factor " + std::to_string(j) + " has fewer than 2 classes");
  double total = 0.0;
  for (Eigen::Index n = 0; n < codes.rows(); ++n) {
    double sq = 0.0;
    for (Eigen::Index j = 0; j < k; ++j) {
      const std::int64_t c = classes(n, j), m = sizes[static_cast<std::size_t>(j)];
      if (c < 0 || c >= m)
        throw DataError("l2: class " + std::to_string(c) + " outside factor " + std::to_string(j) +
                        " (" + std::to_string(m) + " classes)");
      const double d =
          static_cast<double>(codes(n, j)) - static_cast<double>(c) / static_cast<double>(m - 1);
      sq += d * d;
    }
    total += std::sqrt(sq);
  }
  return total / static_cast<double>(codes.rows());
}

namespace {

struct L2Config {
  std::int64_t num_samples = 10000;
  std::string representation = "mean";

  template <class V>
  void visit(V&& v) {
    v("num_samples", num_samples, "i.i.d. observations scored (both protocols)");
    v("representation", representation, "mean | sampled");
  }
  void validate(const std::string& where) const {
    require(num_samples >= 1, where + ".num_samples", "must be >= 1", std::to_string(num_samples));
    require_representation(representation, where + ".representation");
  }
};

class L2Metric : public Metric {
 public:
  explicit L2Metric(L2Config cfg) : cfg_(std::move(cfg)) {}
  Json evaluate(const MetricInputs& in) const override {
    check_inputs(in, "l2");
    const OracleSampler sampler(*in.dataset, select_encoder(in, cfg_.representation, "l2"),
                                in.code_dim);
    const auto sizes_all = in.dataset->factor_sizes();
    std::vector<std::int64_t> sizes;
    for (int f : sampler.varying()) sizes.push_back(sizes_all[static_cast<std::size_t>(f)]);
    if (in.code_dim != static_cast<std::int64_t>(sizes.size()))
      throw ConfigError("l2: needs one code per varying factor of the dataset (" +
                        std::to_string(sizes.size()) + "), the model has " +
                        std::to_string(in.code_dim) +
                        "; the L2 score applies to (semi-)supervised encoders only");
    const CodeSample s =
        sampler.sample(cfg_.num_samples, Rng::derive(in.seed, "l2:sample").next_u64());
    return Json{{"l2", l2_score(s.codes, s.factors, sizes)}};
  }

  Json config() const override { return to_json(cfg_); }

 private:
  L2Config cfg_;
};

}  // namespace

FB_REGISTER(metric_registry(),
            {"l2",
             "L2 score: mean distance between codes and the true normalised factor values (lower "
             "is better)",
             to_json(L2Config{}),
             {[](const Json& cfg) -> std::unique_ptr<Metric> {
                return std::make_unique<L2Metric>(parse<L2Config>(cfg, "l2"));
              },
              // Codes against the true factor values, which a codes file does not hold.
              MetricInfo{Needs::kEncoder,
                         Inclusion::kDefault,
                         {{"l2", 0.0, kUnbounded, Better::kLower}},
                         Json{{"num_samples", 500}}}}});

}  // namespace fb::metrics
