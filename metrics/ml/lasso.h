// L1-regularised least squares with scikit-learn's Lasso defaults, as UDR uses it (docs/protocols.md §5.3).
#pragma once

#include <Eigen/Core>

namespace fb::metrics::ml {

struct LassoOptions {
  double alpha = 1.0;
  int max_iter = 1000;
  double tol = 1e-4;
};

/// The centred design of a Lasso fit (column means, centred copy, Gram matrix, column squared
/// norms): computed once and reused when many targets are fitted on the same x (UDR fits every
/// model pair), or used as the targets' side. `x` [N, d] float64; throws DataError on NaN/Inf.
struct LassoDesign {
  explicit LassoDesign(const Eigen::Ref<const Eigen::MatrixXd>& x);
  Eigen::RowVectorXd mean;        ///< [d]
  Eigen::MatrixXd centred;        ///< [N, d]
  Eigen::MatrixXd gram;           ///< [d, d] centredᵀ·centred
  Eigen::VectorXd squared_norms;  ///< [d] per column ‖centred‖²
};

/// Lasso: per target column, min_{w,b} (1/2N)·‖y − X·w − b‖² + α·‖w‖₁.
///
/// The intercept is fitted by centring X and y. Cyclic coordinate descent (coordinates in index
/// order, from w = 0) runs until the largest coordinate change of a sweep is below tol·max|w| (or w
/// = 0, or the last iteration) and then the duality gap is below tol·‖y − ȳ‖², scikit-learn's
/// stopping rule. The sweeps work on the Gram matrix XᵀX, which gives the same iterates as sweeping
/// the residual (only the rounding differs) at O(d²) per sweep instead of O(N·d). Columns of X that
/// are constant get weight 0.
class Lasso {
 public:
  explicit Lasso(LassoOptions options = {}) : options_(options) {}

  /// Fits every column of `y` ([N, T] float64) on `x` ([N, d] float64). Throws DataError when N
  /// differs, N == 0, or the inputs hold NaN/Inf.
  void fit(const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::Ref<const Eigen::MatrixXd>& y);
  /// The same, starting coordinate descent from `start` ([T, d]) instead of 0 (the warm start
  /// scikit-learn's enet_path uses from one alpha to the next).
  void fit(const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::Ref<const Eigen::MatrixXd>& y,
           const Eigen::MatrixXd& start);

  /// The same fit from precomputed designs: `y`'s columns are the targets (identical results).
  void fit(const LassoDesign& x, const LassoDesign& y);
  /// The same, warm-started from `start` ([T, d]).
  void fit(const LassoDesign& x, const LassoDesign& y, const Eigen::MatrixXd& start);

  /// Weights: [T, d] float64 (scikit-learn's coef_ layout: one row per target).
  const Eigen::MatrixXd& coef() const { return coef_; }
  /// Intercepts: [T] float64.
  const Eigen::VectorXd& intercept() const { return intercept_; }
  /// Coordinate-descent sweeps used per target: [T].
  const Eigen::VectorXi& iterations() const { return iterations_; }
  /// Predictions: [N, T] float64.
  Eigen::MatrixXd predict(const Eigen::Ref<const Eigen::MatrixXd>& x) const;

 private:
  void fit_impl(const Eigen::Ref<const Eigen::MatrixXd>& x,
                const Eigen::Ref<const Eigen::MatrixXd>& y, const Eigen::MatrixXd* start);
  void solve(const LassoDesign& design, const Eigen::RowVectorXd& y_mean, const Eigen::MatrixXd& yc,
             const Eigen::VectorXd& yy, const Eigen::MatrixXd* start);

  LassoOptions options_;
  Eigen::MatrixXd coef_;
  Eigen::VectorXd intercept_;
  Eigen::VectorXi iterations_;
};

}  // namespace fb::metrics::ml
