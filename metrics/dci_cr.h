// DCI under the InfoGAN-CR protocol (docs/protocols.md §4.2 "CR DCI", §7 #6): regressions of each z-scored
// factor value on all z-scored codes, in five variants whose importances feed the usual DCI
// disentanglement/completeness scores.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <string>
#include <vector>

#include "metrics/codes.h"

namespace fb::metrics {

/// The five regressors, in report order: "lasso" (Lasso α 0.02, importance |coef|), "lasso_cv"
/// (LassoCV defaults), "rf" and "rf_ibgan" (RandomForestRegressor with a per-factor max_depth
/// list), "rf_cv" (max_depth chosen by CV, then refit). The defaults are those of the scikit-learn
/// InfoGAN-CR's metric.py ran on: Python 2.7 (its README) means scikit-learn <= 0.20, hence 10
/// trees per forest and 3-fold LassoCV (both became 100 and 5 in 0.22).
const std::vector<std::string>& cr_dci_variant_names();

struct CrDciOptions {
  std::vector<std::string> variants = cr_dci_variant_names();
  double lasso_alpha = 0.02;
  std::vector<std::int64_t> rf_max_depth{4, 5, 2, 5, 5};        ///< one per factor ("rf")
  std::vector<std::int64_t> rf_ibgan_max_depth{4, 2, 4, 2, 2};  ///< one per factor ("rf_ibgan")
  std::int64_t rf_cv_min_depth = 2, rf_cv_max_depth = 15;       ///< "rf_cv" grid (inclusive)
  std::int64_t rf_cv_folds = 3;
  std::int64_t rf_trees = 10;
  std::int64_t lasso_cv_folds = 3;
  /// Throws ConfigError naming `where`.<field>: unknown or repeated variant, empty list,
  /// non-positive depths or trees, an empty rf_cv grid, fewer than 2 folds (either CV).
  void validate(const std::string& where) const;
};

struct CrDciScores {
  double disentanglement = 0.0;     ///< weighted by each code's share of the importance
  double completeness = 0.0;        ///< plain mean over factors (metric.py), not weighted
  double informativeness = 0.0;     ///< mean over factors of the R² on the (training) set itself
  Eigen::MatrixXd importance;       ///< [D, K]: R(i, j) = importance of code i for factor j
  Eigen::VectorXd r2;               ///< [K] per-factor R²
  std::vector<std::int64_t> depth;  ///< [K] the random forests' max_depth (empty for Lasso)
};

/// Scores `codes` ([N, D] float32) against `values` ([N, K] float64 factor values) with every
/// variant in options.variants, in that order. Codes and values are z-scored per column with the
/// ddof-0 std (a constant column becomes 0, as scikit-learn's StandardScaler); random forests see
/// float32 codes (as scikit-learn casts them). `seed` drives the forests' bootstraps and ties
/// (per variant and factor), so results do not depend on the thread count.
/// Throws DataError for mismatched N, N < the CV folds, NaN/Inf, or K = 0; ConfigError (naming
/// `where`.rf_max_depth / rf_ibgan_max_depth) when a selected forest's depth list does not have one
/// depth per factor.
std::vector<CrDciScores> cr_dci(const CodesView& codes, const Eigen::MatrixXd& values,
                                const CrDciOptions& options, std::uint64_t seed,
                                const std::string& where = "dci");

/// Column-wise z-score with ddof 0; columns with std 0 become 0.
Eigen::MatrixXd zscore_columns(const Eigen::MatrixXd& m);

}  // namespace fb::metrics
