#include "metrics/dci_cr.h"

#include <algorithm>
#include <string>

#include "core/config.h"
#include "core/error.h"
#include "core/rng.h"
#include "metrics/dci.h"
#include "metrics/ml/lasso.h"
#include "metrics/ml/lasso_cv.h"
#include "metrics/ml/random_forest.h"

namespace fb::metrics {

const std::vector<std::string>& cr_dci_variant_names() {
  static const std::vector<std::string> names{"lasso", "lasso_cv", "rf", "rf_ibgan", "rf_cv"};
  return names;
}

void CrDciOptions::validate(const std::string& where) const {
  require(!variants.empty(), where + ".cr_variants", "must name at least one variant", "[]");
  const auto& known = cr_dci_variant_names();
  for (std::size_t i = 0; i < variants.size(); ++i) {
    require(std::find(known.begin(), known.end(), variants[i]) != known.end(),
            where + ".cr_variants", "must be lasso, lasso_cv, rf, rf_ibgan or rf_cv", variants[i]);
    require(std::find(variants.begin(), variants.begin() + i, variants[i]) == variants.begin() + i,
            where + ".cr_variants", "must not repeat a variant", variants[i]);
  }
  require(lasso_alpha > 0.0, where + ".cr_lasso_alpha", "must be > 0", std::to_string(lasso_alpha));
  for (const auto* list : {&rf_max_depth, &rf_ibgan_max_depth}) {
    const std::string field = list == &rf_max_depth ? ".rf_max_depth" : ".rf_ibgan_max_depth";
    for (std::int64_t depth : *list)
      require(depth >= 1, where + field, "depths must be >= 1", std::to_string(depth));
  }
  require(rf_cv_min_depth >= 1 && rf_cv_min_depth <= rf_cv_max_depth, where + ".rf_cv_min_depth",
          "must be in [1, rf_cv_max_depth]", std::to_string(rf_cv_min_depth));
  require(rf_cv_folds >= 2, where + ".rf_cv_folds", "must be >= 2", std::to_string(rf_cv_folds));
  require(lasso_cv_folds >= 2, where + ".cr_lasso_cv_folds", "must be >= 2",
          std::to_string(lasso_cv_folds));
  require(rf_trees >= 1, where + ".rf_trees", "must be >= 1", std::to_string(rf_trees));
}

Eigen::MatrixXd zscore_columns(const Eigen::MatrixXd& m) {
  Eigen::MatrixXd out = m.rowwise() - m.colwise().mean();
  for (Eigen::Index j = 0; j < out.cols(); ++j) {
    const double sd = std::sqrt(out.col(j).squaredNorm() / static_cast<double>(out.rows()));
    if (sd > 0.0) {
      out.col(j) /= sd;
    } else {
      out.col(j).setZero();
    }
  }
  return out;
}

namespace {

// Scores from a finished importance matrix and per-factor R². metric.py weights disentanglement by
// code importance but averages completeness plainly over the factors.
void finish(CrDciScores& s) {
  s.disentanglement = dci_disentanglement(s.importance);
  s.completeness = dci_completeness_per_factor(s.importance).mean();
  s.informativeness = s.r2.mean();
}

CrDciScores lasso_variant(const Eigen::MatrixXd& x, const Eigen::MatrixXd& y, double alpha) {
  CrDciScores s;
  ml::Lasso lasso({alpha});
  lasso.fit(x, y);
  s.importance = lasso.coef().cwiseAbs().transpose();
  const Eigen::MatrixXd predicted = lasso.predict(x);
  s.r2.resize(y.cols());
  for (Eigen::Index j = 0; j < y.cols(); ++j) s.r2[j] = ml::r2_score(y.col(j), predicted.col(j));
  return s;
}

CrDciScores lasso_cv_variant(const Eigen::MatrixXd& x, const Eigen::MatrixXd& y, int folds) {
  CrDciScores s;
  s.importance.resize(x.cols(), y.cols());
  s.r2.resize(y.cols());
  ml::LassoCvOptions options;
  options.folds = folds;
  for (Eigen::Index j = 0; j < y.cols(); ++j) {
    const ml::LassoCvResult r = ml::lasso_cv(x, y.col(j), options);
    s.importance.col(j) = r.coef.cwiseAbs();
    const Eigen::VectorXd predicted = (x * r.coef).array() + r.intercept;
    s.r2[j] = ml::r2_score(y.col(j), predicted);
  }
  return s;
}

// Forest for one factor at one depth; returns its R² on the rows it was fitted on.
double fit_forest(const Codes& x, const Eigen::VectorXd& y, int depth, int trees,
                  std::uint64_t seed, Eigen::Ref<Eigen::VectorXd> importance) {
  ml::RandomForestRegressor forest({trees, depth});
  forest.fit(x, y, seed);
  importance = forest.feature_importances();
  return ml::r2_score(y, forest.predict(x));
}

// Mean held-out R² of a depth over unshuffled KFold (scikit-learn's GridSearchCV(cv=folds) for a
// regressor).
double cv_r2(const Codes& x, const Eigen::VectorXd& y, int depth, const CrDciOptions& o,
             std::uint64_t seed) {
  double total = 0.0;
  int fold = 0;
  Eigen::VectorXd unused(x.cols());
  for (const auto& [begin, end] : ml::kfold_ranges(x.rows(), static_cast<int>(o.rf_cv_folds))) {
    const Eigen::Index held = end - begin, kept = x.rows() - held;
    Codes x_train(kept, x.cols());
    Eigen::VectorXd y_train(kept);
    x_train << x.topRows(begin), x.bottomRows(x.rows() - end);
    y_train << y.head(begin), y.tail(x.rows() - end);
    ml::RandomForestRegressor forest({static_cast<int>(o.rf_trees), depth});
    forest.fit(x_train, y_train,
               Rng::for_item(seed, static_cast<std::uint64_t>(fold++)).next_u64());
    total += ml::r2_score(y.segment(begin, held), forest.predict(x.middleRows(begin, held)));
  }
  return total / static_cast<double>(o.rf_cv_folds);
}

CrDciScores forest_variant(const std::string& name, const Codes& x, const Eigen::MatrixXd& y,
                           const CrDciOptions& o, std::uint64_t seed, const std::string& where) {
  CrDciScores s;
  const Eigen::Index k = y.cols();
  s.importance.resize(x.cols(), k);
  s.r2.resize(k);
  s.depth.assign(static_cast<std::size_t>(k), 0);
  const std::vector<std::int64_t>* list = name == "rf"         ? &o.rf_max_depth
                                          : name == "rf_ibgan" ? &o.rf_ibgan_max_depth
                                                               : nullptr;
  if (list != nullptr && static_cast<Eigen::Index>(list->size()) != k) {
    throw ConfigError(where + "." + name + "_max_depth: has " + std::to_string(list->size()) +
                      " depths but the data has " + std::to_string(k) +
                      " factors; give one depth per factor or drop \"" + name + "\" from " + where +
                      ".cr_variants");
  }
  for (Eigen::Index j = 0; j < k; ++j) {
    const std::uint64_t factor_seed = Rng::for_item(seed, static_cast<std::uint64_t>(j)).next_u64();
    const Eigen::VectorXd target = y.col(j);
    std::int64_t depth = 0;
    if (list != nullptr) {
      depth = (*list)[static_cast<std::size_t>(j)];
    } else {
      // GridSearchCV: the first depth of the best mean held-out R².
      double best = 0.0;
      for (std::int64_t d = o.rf_cv_min_depth; d <= o.rf_cv_max_depth; ++d) {
        const double score =
            cv_r2(x, target, static_cast<int>(d), o,
                  Rng::for_item(factor_seed, static_cast<std::uint64_t>(d)).next_u64());
        if (depth == 0 || score > best) best = score, depth = d;
      }
    }
    s.depth[static_cast<std::size_t>(j)] = depth;
    s.r2[j] = fit_forest(x, target, static_cast<int>(depth), static_cast<int>(o.rf_trees),
                         factor_seed, s.importance.col(j));
  }
  return s;
}

}  // namespace

std::vector<CrDciScores> cr_dci(const CodesView& codes, const Eigen::MatrixXd& values,
                                const CrDciOptions& options, std::uint64_t seed,
                                const std::string& where) {
  options.validate(where);
  if (codes.rows() != values.rows()) {
    throw DataError("CR DCI: " + std::to_string(codes.rows()) + " code rows but " +
                    std::to_string(values.rows()) + " factor rows");
  }
  if (codes.cols() == 0 || values.cols() == 0) throw DataError("CR DCI: no codes or no factors");
  if (!codes.allFinite() || !values.allFinite())
    throw DataError("CR DCI: codes or factor values contain NaN or Inf");
  const Eigen::Index folds = std::max(options.rf_cv_folds, options.lasso_cv_folds);
  if (codes.rows() < folds) {
    throw DataError("CR DCI: " + std::to_string(codes.rows()) + " rows are fewer than the " +
                    std::to_string(folds) + " cross-validation folds");
  }
  const Eigen::MatrixXd x = zscore_columns(codes.cast<double>());
  const Eigen::MatrixXd y = zscore_columns(values);
  const Codes x32 = x.cast<float>();
  std::vector<CrDciScores> out;
  for (const std::string& v : options.variants) {
    const std::uint64_t variant_seed = Rng::derive(seed, "dci_cr:" + v).next_u64();
    const int lasso_cv_folds = static_cast<int>(options.lasso_cv_folds);
    CrDciScores s = v == "lasso"      ? lasso_variant(x, y, options.lasso_alpha)
                    : v == "lasso_cv" ? lasso_cv_variant(x, y, lasso_cv_folds)
                                      : forest_variant(v, x32, y, options, variant_seed, where);
    finish(s);
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace fb::metrics
