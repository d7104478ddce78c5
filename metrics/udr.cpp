#include "metrics/udr.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <optional>
#include <string>

#include "core/error.h"
#include "metrics/ml/lasso.h"
#include "metrics/ml/parallel_tasks.h"

namespace fb::metrics {

namespace {

// disentanglement_lib zeroes latents at or below this KL whatever the filter threshold is.
constexpr double kZeroKl = 0.01;

struct Prepared {
  Eigen::MatrixXd z;  // [N, D] standardised, low-KL latents zeroed
  Eigen::MatrixXd
      ranks;  // [N, D] Spearman only: centred ranks of unit norm (NaN column if constant)
  std::vector<int> active;  // indices of the latents kept by the KL filter
  // Lasso only: z's centred design, shared by the model's 2(M−1) fits as regressor and target.
  std::optional<ml::LassoDesign> design;
};

// Mid-ranks (1-based, ties averaged) of one column, as scipy.stats.rankdata.
Eigen::VectorXd mid_ranks(const Eigen::VectorXd& v) {
  const Eigen::Index n = v.size();
  std::vector<Eigen::Index> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](Eigen::Index a, Eigen::Index b) { return v[a] < v[b]; });
  Eigen::VectorXd ranks(n);
  for (Eigen::Index start = 0; start < n;) {
    Eigen::Index end = start + 1;
    while (end < n && v[order[end]] == v[order[start]]) ++end;
    const double mid = 0.5 * static_cast<double>(start + 1 + end);
    for (Eigen::Index p = start; p < end; ++p) ranks[order[p]] = mid;
    start = end;
  }
  return ranks;
}

Prepared prepare(const UdrModel& model, UdrMethod method, const UdrOptions& options) {
  Prepared p;
  const Eigen::Index n = model.mean.rows(), d = model.mean.cols();
  p.z = model.mean.cast<double>();
  for (Eigen::Index c = 0; c < d; ++c) {
    const bool constant = model.mean.col(c).maxCoeff() == model.mean.col(c).minCoeff();
    const bool dead = !model.kl.empty() && !(model.kl[static_cast<std::size_t>(c)] > kZeroKl);
    if (constant || dead) {
      p.z.col(c).setZero();
    } else {
      const double mean = p.z.col(c).mean();
      const double std = std::sqrt((p.z.col(c).array() - mean).square().mean());
      p.z.col(c) = ((p.z.col(c).array() - mean) / (std > 0.0 ? std : 1.0)).matrix();
    }
    if (!options.filter_low_kl || model.kl.empty() ||
        model.kl[static_cast<std::size_t>(c)] > options.kl_threshold) {
      p.active.push_back(static_cast<int>(c));
    }
  }
  if (method == UdrMethod::kLasso) p.design.emplace(p.z);
  if (method == UdrMethod::kSpearman) {
    p.ranks.resize(n, d);
    for (Eigen::Index c = 0; c < d; ++c) {
      Eigen::VectorXd r = mid_ranks(p.z.col(c));
      r.array() -= r.mean();
      const double norm = r.norm();
      p.ranks.col(c) =
          norm > 0.0
              ? (r / norm).eval()
              : Eigen::VectorXd::Constant(n, std::numeric_limits<double>::quiet_NaN()).eval();
    }
  }
  return p;
}

Eigen::MatrixXd correlation(const Prepared& a, const Prepared& b, UdrMethod method,
                            const UdrOptions& options) {
  if (method == UdrMethod::kSpearman) return (a.ranks.transpose() * b.ranks).cwiseAbs();
  ml::Lasso lasso(ml::LassoOptions{options.lasso_alpha, 1000, 1e-4});
  lasso.fit(*a.design, *b.design);
  return lasso.coef()
      .transpose()
      .cwiseAbs();  // rows = a's latents (regressors), columns = b's (targets)
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t m = v.size() / 2;
  return v.size() % 2 == 1 ? v[m] : 0.5 * (v[m - 1] + v[m]);
}

// max²/sum of one row or column; 0 when the sum is 0 or any entry is NaN (numpy's max and sum
// propagate NaN, which nan_to_num then maps to 0).
template <class Vec>
double strength(const Vec& v) {
  if (v.hasNaN()) return 0.0;
  const double sum = v.sum();
  if (sum == 0.0) return 0.0;
  const double top = v.maxCoeff();
  return top * top / sum;
}

}  // namespace

double udr_relative_strength(const Eigen::MatrixXd& r) {
  if (r.size() == 0) return std::numeric_limits<double>::quiet_NaN();
  double columns = 0.0, rows = 0.0;
  for (Eigen::Index b = 0; b < r.cols(); ++b) columns += strength(r.col(b));
  for (Eigen::Index a = 0; a < r.rows(); ++a) rows += strength(r.row(a));
  return 0.5 * (columns / static_cast<double>(r.cols()) + rows / static_cast<double>(r.rows()));
}

UdrResult udr(const std::vector<UdrModel>& models, UdrMethod method, const UdrOptions& options) {
  const std::size_t m = models.size();
  if (m < 2) throw ConfigError("UDR: needs at least 2 models (got " + std::to_string(m) + ")");
  if (!(options.kl_threshold >= 0.0)) throw ConfigError("UDR: kl_threshold must be >= 0");
  if (!(options.lasso_alpha > 0.0)) throw ConfigError("UDR: lasso_alpha must be > 0");
  const Eigen::Index n = models[0].mean.rows();
  for (std::size_t i = 0; i < m; ++i) {
    const UdrModel& model = models[i];
    const std::string where = "UDR: model " + std::to_string(i) + ": ";
    if (model.mean.rows() != n) {
      throw DataError(where + std::to_string(model.mean.rows()) + " observations but model 0 has " +
                      std::to_string(n) + "; every model must encode the same observations");
    }
    if (n < 2) throw DataError(where + "needs at least 2 observations");
    if (model.mean.cols() == 0) throw DataError(where + "no latents (D = 0)");
    if (!model.kl.empty() && static_cast<Eigen::Index>(model.kl.size()) != model.mean.cols()) {
      throw DataError(where + "kl has " + std::to_string(model.kl.size()) +
                      " entries but the means have D = " + std::to_string(model.mean.cols()));
    }
    if (!model.mean.allFinite()) throw DataError(where + "means contain NaN or Inf");
    for (float v : model.kl) {
      if (!std::isfinite(v)) throw DataError(where + "kl contains NaN or Inf");
    }
  }
  std::vector<Prepared> prepared(m);
  ml::run_tasks(static_cast<std::int64_t>(m),
                [&](std::int64_t i) { prepared[i] = prepare(models[i], method, options); });
  for (std::size_t i = 0; i < m; ++i) {
    if (prepared[i].active.empty()) {
      throw DataError("UDR: model " + std::to_string(i) + " has no active latent (every KL <= " +
                      std::to_string(options.kl_threshold) + ")");
    }
  }

  UdrResult result;
  result.pairwise.setZero(static_cast<Eigen::Index>(m), static_cast<Eigen::Index>(m));
  const std::int64_t pairs = static_cast<std::int64_t>(m * m);
  ml::run_tasks(pairs, [&](std::int64_t task) {
    const std::size_t i = static_cast<std::size_t>(task) / m,
                      j = static_cast<std::size_t>(task) % m;
    if (i == j) return;
    const Eigen::MatrixXd r = correlation(prepared[i], prepared[j], method, options);
    const Eigen::MatrixXd kept = r(prepared[i].active, prepared[j].active);
    result.pairwise(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) =
        udr_relative_strength(kept);
  });
  result.model_scores.resize(m);
  for (std::size_t i = 0; i < m; ++i) {
    std::vector<double> column;
    for (std::size_t j = 0; j < m; ++j) {
      if (j != i)
        column.push_back(
            result.pairwise(static_cast<Eigen::Index>(j), static_cast<Eigen::Index>(i)));
    }
    result.model_scores[i] = median(std::move(column));
  }
  return result;
}

}  // namespace fb::metrics
