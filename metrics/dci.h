// DCI: disentanglement, completeness, informativeness (Eastwood & Williams 2018;
// disentanglement_lib `dci`), docs/protocols.md §4.2, §4.3a.
#pragma once

#include <Eigen/Core>
#include <cstdint>

#include "metrics/codes.h"

namespace fb::metrics {

struct DciResult {
  double disentanglement = 0.0;
  double completeness = 0.0;
  double informativeness_train = 0.0;  ///< mean over factors of the train accuracy
  double informativeness_test = 0.0;   ///< mean over factors of the test accuracy
  Eigen::MatrixXd importance;  ///< [D, K] float64: R(i, j) = importance of code i for factor j
};

/// DL DCI: per factor, a GradientBoostingClassifier (scikit-learn 1.2 defaults) on all codes;
/// importance column j = its normalised impurity importances.
/// train/test: codes [N, D] float32 and factors [N, K] int64. `seed` drives only the random choice
/// between equally good splits on different codes; the result does not depend on the thread count.
/// Throws DataError on mismatched shapes, NaN/Inf codes, or a factor with a single class in the
/// train split.
DciResult dci(const CodesView& train, const Factors& train_f, const CodesView& test,
              const Factors& test_f, std::uint64_t seed);

/// Σ_i ρ_i·(1 − H_K(P_i)) over the codes (rows) of `importance` ([D, K]): P_i = row i + 1e−11,
/// normalised; H_K = entropy in base K; ρ_i = row sum / total (uniform when the matrix is all
/// zero). With K = 1 every code's entropy is 0.
double dci_disentanglement(const Eigen::MatrixXd& importance);

/// The same over the factors (columns) of `importance` ([D, K]) with entropy base D.
double dci_completeness(const Eigen::MatrixXd& importance);

/// Per factor j: 1 − H_D(P_j), P_j = column j + 1e−11, normalised; [K] (unweighted, as InfoGAN-CR's
/// metric.py averages them).
Eigen::VectorXd dci_completeness_per_factor(const Eigen::MatrixXd& importance);

}  // namespace fb::metrics
