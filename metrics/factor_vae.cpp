#include "metrics/factor_vae.h"

#include <cmath>
#include <limits>
#include <string>

#include "core/config.h"
#include "core/error.h"
#include "core/threads.h"
#include "metrics/metric.h"
#include "metrics/oracle_sampler.h"

namespace fb::metrics {

Eigen::VectorXd column_variance(const Codes& codes, int ddof) {
  const Eigen::MatrixXd z = codes.cast<double>();
  const Eigen::RowVectorXd mean = z.colwise().mean();
  return ((z.rowwise() - mean).array().square().colwise().sum() /
          static_cast<double>(z.rows() - ddof))
      .transpose();
}

VoteMatrix factor_vae_votes(const Codes& codes, std::int64_t group_size,
                            const std::vector<int>& group_factor, int num_factors,
                            const Eigen::VectorXd& scale, const std::vector<bool>& active) {
  const std::int64_t d = codes.cols(), groups = static_cast<std::int64_t>(group_factor.size());
  if (group_size < 2) throw ConfigError("FactorVAE: groups need at least 2 observations");
  if (codes.rows() != groups * group_size || scale.size() != d ||
      static_cast<std::int64_t>(active.size()) != d)
    throw DataError("FactorVAE: group codes, scale and active mask disagree in shape");
  std::vector<std::int64_t> choice(static_cast<std::size_t>(groups), -1);
  parallel_for(groups, [&](std::int64_t g0, std::int64_t g1) {
    for (std::int64_t g = g0; g < g1; ++g) {
      const auto block = codes.middleRows(g * group_size, group_size).cast<double>();
      const Eigen::RowVectorXd mean = block.colwise().mean();
      const Eigen::RowVectorXd local = (block.rowwise() - mean).array().square().colwise().sum() /
                                       static_cast<double>(group_size - 1);
      double best = std::numeric_limits<double>::infinity();
      std::int64_t arg = -1;
      for (std::int64_t c = 0; c < d; ++c) {
        if (!active[c]) continue;
        const double ratio = local(c) / scale(c);
        if (arg < 0 || ratio < best) {
          best = ratio;
          arg = c;
        }
      }
      choice[g] = arg;
    }
  });
  VoteMatrix votes = VoteMatrix::Zero(num_factors, d);
  for (std::int64_t g = 0; g < groups; ++g)
    if (choice[g] >= 0) ++votes(group_factor[g], choice[g]);
  return votes;
}

std::vector<std::int64_t> majority_classifier(const VoteMatrix& votes) {
  std::vector<std::int64_t> map(static_cast<std::size_t>(votes.cols()), 0);
  for (std::int64_t c = 0; c < votes.cols(); ++c)
    for (std::int64_t k = 1; k < votes.rows(); ++k)
      if (votes(k, c) > votes(map[c], c)) map[c] = k;
  return map;
}

double vote_accuracy(const VoteMatrix& votes, const std::vector<std::int64_t>& classifier) {
  const std::int64_t total = votes.sum();
  if (total == 0) return 0.0;
  std::int64_t right = 0;
  for (std::int64_t c = 0; c < votes.cols(); ++c) right += votes(classifier[c], c);
  return static_cast<double>(right) / static_cast<double>(total);
}

FactorVaeResult factor_vae_dl(const Codes& train_groups, const std::vector<int>& train_factor,
                              const Codes& eval_groups, const std::vector<int>& eval_factor,
                              std::int64_t group_size, int num_factors,
                              const Eigen::VectorXd& global_variance, double prune_threshold) {
  std::vector<bool> active(static_cast<std::size_t>(global_variance.size()));
  FactorVaeResult r;
  for (std::int64_t c = 0; c < global_variance.size(); ++c) {
    active[c] = std::sqrt(global_variance(c)) >= prune_threshold;
    r.num_active_dims += active[c] ? 1 : 0;
  }
  if (r.num_active_dims == 0) return r;
  r.train_votes = factor_vae_votes(train_groups, group_size, train_factor, num_factors,
                                   global_variance, active);
  r.eval_votes =
      factor_vae_votes(eval_groups, group_size, eval_factor, num_factors, global_variance, active);
  const auto map = majority_classifier(r.train_votes);
  r.train_accuracy = vote_accuracy(r.train_votes, map);
  r.eval_accuracy = vote_accuracy(r.eval_votes, map);
  return r;
}

FactorVaeResult factor_vae_cr(const Codes& groups, const std::vector<int>& group_factor,
                              std::int64_t group_size, int num_factors,
                              const Eigen::VectorXd& global_std) {
  std::vector<bool> active(static_cast<std::size_t>(global_std.size()));
  FactorVaeResult r;
  for (std::int64_t c = 0; c < global_std.size(); ++c) {
    active[c] = global_std(c) > 0.0;
    r.num_active_dims += active[c] ? 1 : 0;
  }
  if (r.num_active_dims == 0) return r;
  // Dividing the local variance by std² is the argmin of the normalised codes' variance.
  const Eigen::VectorXd scale = global_std.array().square();
  r.train_votes = factor_vae_votes(groups, group_size, group_factor, num_factors, scale, active);
  // Σ_d max_k V[k,d] over the number of groups: groups that cast no vote count as wrong.
  std::int64_t right = 0;
  for (std::int64_t c = 0; c < r.train_votes.cols(); ++c) right += r.train_votes.col(c).maxCoeff();
  r.train_accuracy = group_factor.empty() ? 0.0 : static_cast<double>(right) / group_factor.size();
  r.eval_accuracy = r.train_accuracy;
  return r;
}

namespace {

struct FactorVaeConfig {
  std::int64_t batch_size = 64;
  std::int64_t num_train = 10000;
  std::int64_t num_eval = 5000;
  std::int64_t num_variance_estimate = 10000;
  double prune_threshold = 0.05;
  std::int64_t cr_groups = 500;
  std::int64_t cr_group_size = 100;
  std::int64_t cr_normalise_samples = 73728;
  std::string representation = "mean";

  template <class V>
  void visit(V&& v) {
    v("batch_size", batch_size, "DL: observations per vote (L)");
    v("num_train", num_train, "DL: training votes");
    v("num_eval", num_eval, "DL: evaluation votes");
    v("num_variance_estimate", num_variance_estimate, "DL: observations for the global variance");
    v("prune_threshold", prune_threshold, "DL: dims with global std below this are pruned");
    v("cr_groups", cr_groups, "CR: groups (M)");
    v("cr_group_size", cr_group_size, "CR: observations per group (L)");
    v("cr_normalise_samples", cr_normalise_samples, "CR: observations for the std normalisation");
    v("representation", representation, "mean | sampled");
  }
  void validate(const std::string& where) const {
    require(batch_size >= 2, where + ".batch_size", "must be >= 2", std::to_string(batch_size));
    require(num_train >= 1, where + ".num_train", "must be >= 1", std::to_string(num_train));
    require(num_eval >= 1, where + ".num_eval", "must be >= 1", std::to_string(num_eval));
    require(num_variance_estimate >= 2, where + ".num_variance_estimate", "must be >= 2",
            std::to_string(num_variance_estimate));
    require(prune_threshold >= 0, where + ".prune_threshold", "must be >= 0",
            format_number(prune_threshold));
    require(cr_groups >= 1, where + ".cr_groups", "must be >= 1", std::to_string(cr_groups));
    require(cr_group_size >= 2, where + ".cr_group_size", "must be >= 2",
            std::to_string(cr_group_size));
    require(cr_normalise_samples >= 2, where + ".cr_normalise_samples", "must be >= 2",
            std::to_string(cr_normalise_samples));
    require_representation(representation, where + ".representation");
  }
};

class FactorVaeMetric : public Metric {
 public:
  explicit FactorVaeMetric(FactorVaeConfig cfg) : cfg_(std::move(cfg)) {}

  Json evaluate(const MetricInputs& in) const override {
    check_inputs(in, "factor_vae");
    OracleSampler sampler(*in.dataset, select_encoder(in, cfg_.representation, "factor_vae"),
                          in.code_dim);
    const int k = static_cast<int>(sampler.varying().size());
    Json out = Json::object();
    if (in.protocol == Protocol::kDl) {
      const auto global = sampler.sample(cfg_.num_variance_estimate,
                                         Rng::derive(in.seed, "factor_vae:variance").next_u64());
      const auto train = sampler.sample_groups(cfg_.num_train, cfg_.batch_size, false,
                                               Rng::derive(in.seed, "factor_vae:train").next_u64());
      const auto eval = sampler.sample_groups(cfg_.num_eval, cfg_.batch_size, false,
                                              Rng::derive(in.seed, "factor_vae:eval").next_u64());
      const auto r =
          factor_vae_dl(train.codes, train.factor, eval.codes, eval.factor, cfg_.batch_size, k,
                        column_variance(global.codes, 1), cfg_.prune_threshold);
      out["factor_vae"] = r.eval_accuracy;
      out["factor_vae_train_accuracy"] = r.train_accuracy;
      out["factor_vae_eval_accuracy"] = r.eval_accuracy;
      out["factor_vae_num_active_dims"] = r.num_active_dims;
    } else {
      // CR groups and the normalisation sample are shared with the CR BetaVAE score (same
      // purposes).
      const auto norm = sampler.sample(cfg_.cr_normalise_samples,
                                       Rng::derive(in.seed, "cr:normalise").next_u64());
      const auto groups = sampler.sample_groups(cfg_.cr_groups, cfg_.cr_group_size, true,
                                                Rng::derive(in.seed, "cr:groups").next_u64());
      const Eigen::VectorXd std_dev = column_variance(norm.codes, 0).cwiseSqrt();
      const auto r = factor_vae_cr(groups.codes, groups.factor, cfg_.cr_group_size, k, std_dev);
      out["factor_vae"] = r.train_accuracy;
      out["factor_vae_train_accuracy"] = r.train_accuracy;
      out["factor_vae_num_active_dims"] = r.num_active_dims;
    }
    return out;
  }

  Json config() const override { return to_json(cfg_); }

 private:
  FactorVaeConfig cfg_;
};

FB_REGISTER(
    metric_registry(),
    {"factor_vae",
     "FactorVAE score: majority-vote accuracy of the least-varying code per fixed factor (DL: eval "
     "votes, pruned; CR: 500 groups, training accuracy)",
     to_json(FactorVaeConfig{}),
     {[](const Json& cfg) -> std::unique_ptr<Metric> {
        return std::make_unique<FactorVaeMetric>(parse<FactorVaeConfig>(cfg, "factor_vae"));
      },
      // Groups with one factor held fixed: conditioned draws through the encoder.
      MetricInfo{Needs::kEncoder,
                 Inclusion::kDefault,
                 {{"factor_vae_num_active_dims", 0.0, kUnbounded, Better::kNeither},
                  {"factor_vae*", 0.0, 1.0, Better::kHigher}},
                 Json{{"batch_size", 16},
                      {"num_train", 200},
                      {"num_eval", 100},
                      {"num_variance_estimate", 400},
                      {"cr_groups", 100},
                      {"cr_group_size", 20},
                      {"cr_normalise_samples", 400}}}}});

}  // namespace
}  // namespace fb::metrics
