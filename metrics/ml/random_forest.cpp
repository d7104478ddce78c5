#include "metrics/ml/random_forest.h"

#include <string>

#include "core/error.h"
#include "metrics/ml/parallel_tasks.h"
#include "metrics/ml/presorted_features.h"

namespace fb::metrics::ml {

RandomForestRegressor::RandomForestRegressor(RandomForestOptions options) : options_(options) {
  if (options_.n_estimators < 1) {
    throw ConfigError("RandomForestRegressor: n_estimators must be >= 1, got " +
                      std::to_string(options_.n_estimators));
  }
  if (options_.max_depth < 1) {
    throw ConfigError("RandomForestRegressor: max_depth must be >= 1, got " +
                      std::to_string(options_.max_depth));
  }
}

void RandomForestRegressor::fit(const Eigen::Ref<const Codes>& x,
                                const Eigen::Ref<const Eigen::VectorXd>& y, std::uint64_t seed) {
  if (x.rows() != y.size()) {
    throw DataError("RandomForestRegressor: " + std::to_string(x.rows()) + " feature rows but " +
                    std::to_string(y.size()) + " targets");
  }
  if (x.rows() == 0) throw DataError("RandomForestRegressor: no training samples");
  if (x.cols() == 0) throw DataError("RandomForestRegressor: no features");
  if (!x.allFinite() || !y.allFinite())
    throw DataError("RandomForestRegressor: the inputs contain NaN or Inf");
  const std::int64_t n = x.rows();
  features_ = static_cast<int>(x.cols());
  const PresortedFeatures presorted(x);
  const Eigen::VectorXd target = y;
  trees_.assign(static_cast<std::size_t>(options_.n_estimators), RegressionTree());
  // [D, trees]: each tree's normalised importances, summed in tree order afterwards so the result
  // does not depend on which thread grew which tree.
  Eigen::MatrixXd per_tree = Eigen::MatrixXd::Zero(features_, options_.n_estimators);
  run_tasks(options_.n_estimators, [&](std::int64_t t) {
    thread_local std::vector<double> weight;
    thread_local std::vector<int> leaf_of;
    thread_local RegressionTree::Workspace workspace;
    Rng rng = Rng::for_item(seed, static_cast<std::uint64_t>(t));
    weight.assign(static_cast<std::size_t>(n), 0.0);
    for (std::int64_t draw = 0; draw < n; ++draw)
      weight[rng.below(static_cast<std::uint64_t>(n))] += 1.0;
    RegressionTree& tree = trees_[static_cast<std::size_t>(t)];
    tree.fit(presorted, target.data(), weight.data(), RegressionTree::Criterion::kSquaredError,
             options_.max_depth, rng, leaf_of, workspace);
    if (!tree.has_split()) return;
    auto col = per_tree.col(t);
    tree.accumulate_importance(col.data());
    // A perfect fit can leave a rounding-level negative decrease (impurity = E[y²] − mean² in
    // floating point); importances are non-negative by definition.
    col = col.cwiseMax(0.0);
    col /= tree.nodes()[0].weight;
    const double total = col.sum();
    if (total > 0.0) col /= total;
  });
  int with_split = 0;
  importances_.setZero(features_);
  for (int t = 0; t < options_.n_estimators; ++t) {
    if (!trees_[static_cast<std::size_t>(t)].has_split()) continue;
    importances_ += per_tree.col(t);
    ++with_split;
  }
  if (with_split > 0) {
    importances_ /= static_cast<double>(with_split);
    const double total = importances_.sum();
    if (total > 0.0) importances_ /= total;
  }
}

Eigen::VectorXd RandomForestRegressor::predict(const Eigen::Ref<const Codes>& x) const {
  FB_CHECK(!trees_.empty(), "RandomForestRegressor: predict before fit");
  if (x.cols() != features_) {
    throw DataError("RandomForestRegressor: fitted on " + std::to_string(features_) +
                    " features, got " + std::to_string(x.cols()));
  }
  Eigen::VectorXd out(x.rows());
  run_tasks(x.rows(), [&](std::int64_t i) {
    const float* row = x.data() + i * x.outerStride();
    double sum = 0.0;
    for (const RegressionTree& tree : trees_) sum += tree.predict_mean(row);
    out[i] = sum / static_cast<double>(trees_.size());
  });
  return out;
}

double r2_score(const Eigen::Ref<const Eigen::VectorXd>& y,
                const Eigen::Ref<const Eigen::VectorXd>& predicted) {
  if (y.size() != predicted.size() || y.size() == 0)
    throw DataError("r2_score: " + std::to_string(y.size()) + " targets but " +
                    std::to_string(predicted.size()) + " predictions");
  const double ss_res = (y - predicted).squaredNorm();
  const double ss_tot = (y.array() - y.mean()).matrix().squaredNorm();
  if (ss_tot == 0.0) return ss_res == 0.0 ? 1.0 : 0.0;
  return 1.0 - ss_res / ss_tot;
}

}  // namespace fb::metrics::ml
