#include "metrics/ml/gradient_boosting.h"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <string>

#include "core/error.h"
#include "core/threads.h"

namespace fb::metrics::ml {

namespace {

// Below this many sample-trees per parallel step the threads' start and barrier cost more than they
// save (and an oversubscribed machine makes every barrier slow).
constexpr std::int64_t kMinParallelWork = 20000;

void maybe_parallel(std::int64_t items, std::int64_t work,
                    const std::function<void(std::int64_t, std::int64_t)>& body) {
  if (items > 1 && work >= kMinParallelWork) {
    parallel_for(items, body);
  } else {
    body(0, items);
  }
}

// Runs tree(k) for the `models` trees of one stage. Inside a parallel region (DCI fits its factors
// as OpenMP tasks) the trees become tasks, so a thread waiting for this stage helps with any
// factor's trees instead of idling at a barrier; otherwise they share parallel_for.
template <class Tree>
void grow_stage(std::int64_t models, std::int64_t work, const Tree& tree) {
  if (omp_in_parallel()) {
#pragma omp taskloop grainsize(1) default(shared)
    for (std::int64_t k = 0; k < models; ++k) tree(k);
  } else {
    maybe_parallel(models, work, [&](std::int64_t begin, std::int64_t end) {
      for (std::int64_t k = begin; k < end; ++k) tree(k);
    });
  }
}

double expit(double z) {
  return z >= 0.0 ? 1.0 / (1.0 + std::exp(-z)) : std::exp(z) / (1.0 + std::exp(z));
}

double log_sum_exp(const double* row, Eigen::Index stride, int count) {
  double top = row[0];
  for (int k = 1; k < count; ++k) top = std::max(top, row[k * stride]);
  double sum = 0.0;
  for (int k = 0; k < count; ++k) sum += std::exp(row[k * stride] - top);
  return std::log(sum) + top;
}

}  // namespace

void GradientBoostingClassifier::fit(const Eigen::Ref<const Codes>& x,
                                     const Eigen::Ref<const Labels>& y, std::uint64_t seed) {
  if (x.rows() != y.size()) {
    throw DataError("GradientBoostingClassifier: " + std::to_string(x.rows()) +
                    " feature rows but " + std::to_string(y.size()) + " labels");
  }
  if (x.rows() == 0) throw DataError("GradientBoostingClassifier: no training samples");
  if (x.cols() == 0) throw DataError("GradientBoostingClassifier: no features");
  if (!x.allFinite())
    throw DataError("GradientBoostingClassifier: the features contain NaN or Inf");
  if (x.rows() > std::numeric_limits<std::int32_t>::max()) {
    throw DataError("GradientBoostingClassifier: more than 2^31 training rows");
  }
  encoder_ = LabelEncoder(y);
  const int num_classes = encoder_.num_classes();
  if (num_classes < 2) {
    throw DataError("GradientBoostingClassifier: the training labels hold a single class (" +
                    std::to_string(encoder_.decode(0)) + "); at least two are needed");
  }
  const Eigen::Index n = x.rows();
  features_ = static_cast<int>(x.cols());
  const int models = num_classes == 2 ? 1 : num_classes;
  const std::vector<int> index = encoder_.encode(y);
  const PresortedFeatures presorted(x);

  // Prior probabilities clipped to [eps32, 1 − eps32], as scikit-learn's init estimator gives them.
  std::vector<double> prior(static_cast<std::size_t>(num_classes), 0.0);
  for (int k : index) prior[k] += 1.0;
  const double eps = std::numeric_limits<float>::epsilon();
  for (double& p : prior) p = std::clamp(p / static_cast<double>(n), eps, 1.0 - eps);
  init_raw_.resize(models);
  if (models == 1) {
    init_raw_[0] = std::log(prior[1] / (1.0 - prior[1]));
  } else {
    for (int k = 0; k < models; ++k) init_raw_[k] = std::log(prior[k]);
  }

  Eigen::MatrixXd raw(n, models);  // column-major: tree k updates its own column
  raw.rowwise() = init_raw_.transpose();
  Eigen::VectorXd lse(n);
  Eigen::MatrixXd importance = Eigen::MatrixXd::Zero(features_, models);
  const double newton_scale =
      models == 1 ? 1.0 : static_cast<double>(num_classes - 1) / num_classes;
  const int positive_binary = 1;
  trees_.assign(static_cast<std::size_t>(options_.n_estimators),
                std::vector<RegressionTree>(models));

  for (int stage = 0; stage < options_.n_estimators; ++stage) {
    // Every tree of the stage starts from the same probabilities.
    if (models > 1) {
      for (Eigen::Index i = 0; i < n; ++i)
        lse[i] = log_sum_exp(&raw(i, 0), raw.outerStride(), models);
    }
    grow_stage(models, n * models, [&](std::int64_t k) {
      // Per-thread scratch: reused by every tree this thread grows.
      thread_local std::vector<double> residual, target, num, den;
      thread_local std::vector<int> leaf_of;
      thread_local RegressionTree::Workspace workspace;
      residual.resize(static_cast<std::size_t>(n));
      target.resize(static_cast<std::size_t>(n));
      const int cls = models == 1 ? positive_binary : static_cast<int>(k);
      for (Eigen::Index i = 0; i < n; ++i) {
        target[i] = index[i] == cls ? 1.0 : 0.0;
        const double p = models == 1 ? expit(raw(i, 0)) : std::exp(raw(i, k) - lse[i]);
        residual[i] = target[i] - p;
      }
      RegressionTree& tree = trees_[static_cast<std::size_t>(stage)][static_cast<std::size_t>(k)];
      Rng rng = Rng::for_item(
          seed, static_cast<std::uint64_t>(stage) * static_cast<std::uint64_t>(models) +
                    static_cast<std::uint64_t>(k));
      tree.fit(presorted, residual.data(), options_.max_depth, rng, leaf_of, workspace);

      // Newton step per leaf on the log-loss.
      num.assign(tree.nodes().size(), 0.0);
      den.assign(tree.nodes().size(), 0.0);
      for (Eigen::Index i = 0; i < n; ++i) {
        const int leaf = leaf_of[i];
        num[leaf] += residual[i];
        den[leaf] += (target[i] - residual[i]) * (1.0 - target[i] + residual[i]);
      }
      for (std::size_t node = 0; node < tree.nodes().size(); ++node) {
        if (tree.nodes()[node].feature >= 0) continue;
        const double value =
            std::abs(den[node]) < 1e-150 ? 0.0 : newton_scale * num[node] / den[node];
        tree.set_leaf_value(static_cast<int>(node), value);
      }
      for (Eigen::Index i = 0; i < n; ++i)
        raw(i, k) += options_.learning_rate * tree.leaf_value(leaf_of[i]);
      tree.accumulate_importance(importance.col(k).data());
    });
  }

  training_raw_ = std::move(raw);
  // Summing the per-class columns in a fixed order keeps the result independent of the thread
  // count.
  importances_ = importance.rowwise().sum();
  const double total = importances_.sum();
  if (total > 0.0) {
    importances_ /= total;
  } else {
    importances_.setZero();
  }
}

Eigen::MatrixXd GradientBoostingClassifier::decision_function(
    const Eigen::Ref<const Codes>& x) const {
  FB_CHECK(!trees_.empty(), "GradientBoostingClassifier: predict before fit");
  if (x.cols() != features_) {
    throw DataError("GradientBoostingClassifier: fitted on " + std::to_string(features_) +
                    " features, got " + std::to_string(x.cols()));
  }
  const int models = static_cast<int>(init_raw_.size());
  Eigen::MatrixXd raw(x.rows(), models);
  raw.rowwise() = init_raw_.transpose();
  const std::int64_t tree_count = static_cast<std::int64_t>(trees_.size()) * models;
  // Tree by tree over a block of rows: a tree's nodes stay cached while the block's rows go
  // through it (row by row, every row would stream all trees: megabytes at dlib sizes). Each score
  // still adds its trees in stage order.
  constexpr std::int64_t kBlock = 512;
  maybe_parallel(x.rows(), x.rows() * tree_count / 100, [&](std::int64_t begin, std::int64_t end) {
    for (std::int64_t first = begin; first < end; first += kBlock) {
      const std::int64_t last = std::min(end, first + kBlock);
      for (const auto& stage : trees_) {
        for (int k = 0; k < models; ++k) {
          const RegressionTree& tree = stage[static_cast<std::size_t>(k)];
          double* scores = raw.col(k).data();
          for (std::int64_t i = first; i < last; ++i) {
            const float* row = x.data() + i * x.outerStride();
            scores[i] += options_.learning_rate * tree.leaf_value(tree.apply(row));
          }
        }
      }
    }
  });
  return raw;
}

Labels GradientBoostingClassifier::predict(const Eigen::Ref<const Codes>& x) const {
  return decide(decision_function(x));
}

Labels GradientBoostingClassifier::decide(const Eigen::MatrixXd& raw) const {
  Labels out(raw.rows());
  const int models = static_cast<int>(raw.cols());
  for (Eigen::Index i = 0; i < raw.rows(); ++i) {
    int best = 0;
    if (models == 1) {
      const double p = expit(raw(i, 0));
      best = p > 1.0 - p ? 1 : 0;
    } else {
      // Argmax of the softmax probabilities (not the raw scores), as scikit-learn decides.
      const double lse_i = log_sum_exp(&raw(i, 0), raw.outerStride(), models);
      double top = std::exp(raw(i, 0) - lse_i);
      for (int k = 1; k < models; ++k) {
        const double p = std::exp(raw(i, k) - lse_i);
        if (p > top) top = p, best = k;
      }
    }
    out[i] = encoder_.decode(best);
  }
  return out;
}

}  // namespace fb::metrics::ml
