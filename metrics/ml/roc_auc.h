// Area under the ROC curve, scikit-learn's roc_auc_score for one binary column.
#pragma once

#include <Eigen/Core>
#include <vector>

namespace fb::metrics::ml {

/// AUC of `scores` ([N] float64) for the binary truth `positive` ([N]): the probability that a
/// random positive scores above a random negative, ties counting ½ (equal to the trapezoidal ROC
/// area). Returns NaN when `positive` holds only one class (AUC undefined).
double roc_auc(const Eigen::Ref<const Eigen::VectorXd>& scores, const std::vector<bool>& positive);

}  // namespace fb::metrics::ml
