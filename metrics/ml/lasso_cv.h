// Lasso with the penalty chosen by cross-validation: scikit-learn 1.2's LassoCV() defaults, as the
// CR protocol's "lasso_cv" DCI variant uses it (docs/protocols.md §4.2 "CR DCI").
#pragma once

#include <Eigen/Core>
#include <utility>
#include <vector>

namespace fb::metrics::ml {

struct LassoCvOptions {
  int n_alphas = 100;
  double eps = 1e-3;  ///< alpha_min / alpha_max
  int folds = 5;      ///< unshuffled KFold
  int max_iter = 1000;
  double tol = 1e-4;
};

struct LassoCvResult {
  double alpha = 0.0;    ///< the chosen penalty
  Eigen::VectorXd coef;  ///< [d] of the refit on all rows
  double intercept = 0.0;
  Eigen::VectorXd alphas;    ///< [n_alphas] the grid, largest first
  Eigen::VectorXd mean_mse;  ///< [n_alphas] held-out MSE averaged over the folds
};

/// LassoCV on one target: alpha_max = max_j |x̃_jᵀỹ| / N on the centred full data (tiny values give
/// a constant grid, as scikit-learn), grid = n_alphas log-spaced values from alpha_max down to
/// eps·alpha_max; per fold of an unshuffled KFold (the first N mod folds folds one row longer), a
/// path of Lasso fits, each warm-started from the previous alpha, scored by the held-out mean
/// squared error; alpha = the grid value of least mean MSE (the first on ties); refit Lasso(alpha)
/// on all rows from zero. `x` [N, d] float64, `y` [N] float64. Throws DataError when N < folds or
/// the inputs mismatch or hold NaN/Inf.
LassoCvResult lasso_cv(const Eigen::Ref<const Eigen::MatrixXd>& x,
                       const Eigen::Ref<const Eigen::VectorXd>& y,
                       const LassoCvOptions& options = {});

/// Row ranges [begin, end) of scikit-learn's KFold(folds) without shuffling over n rows: the first
/// n mod folds folds get n / folds + 1 rows, the rest n / folds.
std::vector<std::pair<Eigen::Index, Eigen::Index>> kfold_ranges(Eigen::Index n, int folds);

}  // namespace fb::metrics::ml
