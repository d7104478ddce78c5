#include "metrics/beta_vae.h"

#include <algorithm>
#include <string>

#include "core/config.h"
#include "core/error.h"
#include "core/threads.h"
#include "metrics/metric.h"
#include "metrics/ml/logistic_regression.h"
#include "metrics/oracle_sampler.h"

namespace fb::metrics {

Eigen::MatrixXd pair_features(const Codes& codes, std::int64_t group_size) {
  if (group_size < 2 || codes.rows() % group_size != 0)
    throw DataError("BetaVAE: group codes must hold whole groups of at least 2 rows");
  const std::int64_t groups = codes.rows() / group_size, pairs = group_size / 2, d = codes.cols();
  Eigen::MatrixXd out(groups, d);
  parallel_for(groups, [&](std::int64_t g0, std::int64_t g1) {
    for (std::int64_t g = g0; g < g1; ++g) {
      Eigen::RowVectorXd sum = Eigen::RowVectorXd::Zero(d);
      for (std::int64_t p = 0; p < pairs; ++p) {
        const std::int64_t a = g * group_size + 2 * p;
        sum += (codes.row(a) - codes.row(a + 1)).cast<double>().cwiseAbs();
      }
      out.row(g) = sum / static_cast<double>(pairs);
    }
  });
  return out;
}

BetaVaeResult beta_vae_score(const Eigen::MatrixXd& train_x, const std::vector<int>& train_y,
                             const Eigen::MatrixXd& eval_x, const std::vector<int>& eval_y,
                             SklearnEra era) {
  if (train_x.rows() != static_cast<std::int64_t>(train_y.size()) ||
      eval_x.rows() != static_cast<std::int64_t>(eval_y.size()) ||
      (eval_x.rows() > 0 && eval_x.cols() != train_x.cols()))
    throw DataError("BetaVAE: features and labels disagree in shape");
  if (train_x.rows() == 0) throw DataError("BetaVAE: no training points");
  if (std::all_of(train_y.begin(), train_y.end(), [&](int y) { return y == train_y[0]; }))
    throw DataError("BetaVAE: needs at least two distinct factors among the training points");
  auto to_labels = [](const std::vector<int>& y) {
    ml::Labels out(static_cast<std::int64_t>(y.size()));
    for (std::size_t i = 0; i < y.size(); ++i) out(static_cast<std::int64_t>(i)) = y[i];
    return out;
  };
  auto accuracy = [](const ml::Labels& pred, const ml::Labels& truth) {
    return (pred.array() == truth.array()).cast<double>().mean();
  };
  const ml::Labels ytr = to_labels(train_y);
  ml::LogisticRegression model;
  model.fit(train_x, ytr, era);
  BetaVaeResult r;
  r.train_accuracy = accuracy(model.predict(train_x), ytr);
  r.eval_accuracy =
      eval_x.rows() > 0 ? accuracy(model.predict(eval_x), to_labels(eval_y)) : r.train_accuracy;
  return r;
}

namespace {

struct BetaVaeConfig {
  std::int64_t batch_size = 64;
  std::int64_t num_train = 10000;
  std::int64_t num_eval = 5000;
  std::int64_t cr_groups = 500;
  std::int64_t cr_group_size = 100;
  std::string representation = "mean";

  template <class V>
  void visit(V&& v) {
    v("batch_size", batch_size, "DL: pairs per point");
    v("num_train", num_train, "DL: training points");
    v("num_eval", num_eval, "DL: evaluation points");
    v("cr_groups", cr_groups, "CR: groups (one point each)");
    v("cr_group_size", cr_group_size, "CR: observations per group (pairs = half)");
    v("representation", representation, "mean | sampled");
  }
  void validate(const std::string& where) const {
    require(batch_size >= 1, where + ".batch_size", "must be >= 1", std::to_string(batch_size));
    require(num_train >= 2, where + ".num_train", "must be >= 2", std::to_string(num_train));
    require(num_eval >= 1, where + ".num_eval", "must be >= 1", std::to_string(num_eval));
    require(cr_groups >= 2, where + ".cr_groups", "must be >= 2", std::to_string(cr_groups));
    require(cr_group_size >= 2, where + ".cr_group_size", "must be >= 2",
            std::to_string(cr_group_size));
    require_representation(representation, where + ".representation");
  }
};

// DL points: each is a group of 2L observations, rows 2p and 2p+1 sharing factor k, so the CR pair
// feature applies unchanged. Points are drawn in chunks to bound the rendered images held at once.
void dl_points(const OracleSampler& sampler, std::int64_t points, std::int64_t batch,
               std::uint64_t seed, Eigen::MatrixXd& features, std::vector<int>& labels) {
  const std::int64_t K = sampler.dataset().num_factors(), rows = 2 * batch;
  const auto& varying = sampler.varying();
  const std::uint64_t factor_seed = mix64(seed ^ hash_name("points"));
  const std::uint64_t nuisance_seed = mix64(seed ^ hash_name("nuisance"));
  constexpr std::int64_t kChunk = 256;
  features.resize(points, sampler.code_dim());
  labels.assign(static_cast<std::size_t>(points), 0);
  for (std::int64_t start = 0; start < points; start += kChunk) {
    const std::int64_t count = std::min(kChunk, points - start);
    std::vector<std::int64_t> classes(static_cast<std::size_t>(count * rows * K));
    for (std::int64_t p = 0; p < count; ++p) {
      Rng rng = Rng::for_item(factor_seed, static_cast<std::uint64_t>(start + p));
      const int f = static_cast<int>(rng.below(varying.size()));
      labels[start + p] = f;
      const auto first = sampler.sample_factors(batch, rng),
                 second = sampler.sample_factors(batch, rng);
      std::int64_t* out = classes.data() + p * rows * K;
      for (std::int64_t i = 0; i < batch; ++i) {
        std::copy(first.begin() + i * K, first.begin() + (i + 1) * K, out + (2 * i) * K);
        std::copy(second.begin() + i * K, second.begin() + (i + 1) * K, out + (2 * i + 1) * K);
        out[(2 * i + 1) * K + varying[f]] = first[i * K + varying[f]];
      }
    }
    const Codes codes =
        sampler.encode(classes, mix64(nuisance_seed ^ static_cast<std::uint64_t>(start)));
    features.middleRows(start, count) = pair_features(codes, rows);
  }
}

class BetaVaeMetric : public Metric {
 public:
  explicit BetaVaeMetric(BetaVaeConfig cfg) : cfg_(std::move(cfg)) {}

  Json evaluate(const MetricInputs& in) const override {
    check_inputs(in, "beta_vae");
    OracleSampler sampler(*in.dataset, select_encoder(in, cfg_.representation, "beta_vae"),
                          in.code_dim);
    if (sampler.varying().size() < 2)
      throw DataError("beta_vae: the dataset needs at least two varying factors");
    Json out = Json::object();
    if (in.protocol == Protocol::kDl) {
      Eigen::MatrixXd xtr, xev;
      std::vector<int> ytr, yev;
      dl_points(sampler, cfg_.num_train, cfg_.batch_size,
                Rng::derive(in.seed, "beta_vae:train").next_u64(), xtr, ytr);
      dl_points(sampler, cfg_.num_eval, cfg_.batch_size,
                Rng::derive(in.seed, "beta_vae:eval").next_u64(), xev, yev);
      const auto r = beta_vae_score(xtr, ytr, xev, yev, in.era);
      out["beta_vae"] = r.eval_accuracy;
      out["beta_vae_train_accuracy"] = r.train_accuracy;
      out["beta_vae_eval_accuracy"] = r.eval_accuracy;
    } else {
      // The same groups as the CR FactorVAE score (same seed purpose); raw codes, as DL feeds the
      // classifier unstandardised features (project: the CR reference's scaling is unconfirmed).
      const auto groups = sampler.sample_groups(cfg_.cr_groups, cfg_.cr_group_size, true,
                                                Rng::derive(in.seed, "cr:groups").next_u64());
      const auto r = beta_vae_score(pair_features(groups.codes, cfg_.cr_group_size), groups.factor,
                                    Eigen::MatrixXd(0, in.code_dim), {}, in.era);
      out["beta_vae"] = r.train_accuracy;
      out["beta_vae_train_accuracy"] = r.train_accuracy;
    }
    return out;
  }

  Json config() const override { return to_json(cfg_); }

 private:
  BetaVaeConfig cfg_;
};

FB_REGISTER(metric_registry(),
            {"beta_vae",
             "BetaVAE score: accuracy of a linear classifier predicting the fixed factor from mean "
             "|z1 - z2| "
             "(DL: eval accuracy; CR: 500 groups, training accuracy)",
             to_json(BetaVaeConfig{}),
             {[](const Json& cfg) -> std::unique_ptr<Metric> {
                return std::make_unique<BetaVaeMetric>(parse<BetaVaeConfig>(cfg, "beta_vae"));
              },
              // Groups with one factor held fixed: conditioned draws through the encoder.
              MetricInfo{Needs::kEncoder,
                         Inclusion::kDefault,
                         {{"beta_vae*", 0.0, 1.0, Better::kHigher}},
                         Json{{"batch_size", 16},
                              {"num_train", 300},
                              {"num_eval", 100},
                              {"cr_groups", 200},
                              {"cr_group_size", 20}}}}});

}  // namespace
}  // namespace fb::metrics
