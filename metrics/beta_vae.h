// BetaVAE score (Higgins et al. 2017), both protocols of docs/protocols.md §4.1–4.2:
// DL: per point, draw factor k and two batches of 64 factor vectors sharing factor k row by row;
// feature = mean over the 64 pairs of |z₁ − z₂|, label k; LogisticRegression (§4.3) on 10,000
// points, score = accuracy on 5,000 eval points. CR: the CR FactorVAE score's 500 groups; pairs
// (0,1), (2,3), … of each group (50 per group of 100); feature = mean |z_a − z_b|, label = the
// group's factor; score = training accuracy on the 500 points.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <vector>

#include "metrics/codes.h"

namespace fb::metrics {

/// Mean |z_a − z_b| over the consecutive pairs (rows 0,1), (2,3), … of each group of `group_size`
/// rows of `codes` [G·L, D] float32 (an odd last row is unused): [G, D] float64.
Eigen::MatrixXd pair_features(const Codes& codes, std::int64_t group_size);

struct BetaVaeResult {
  double train_accuracy = 0.0;
  double eval_accuracy = 0.0;  ///< equals train_accuracy when no eval points are given
};

/// Fits LogisticRegression (the era's defaults) on `train_x` [P, D] with labels `train_y` [P]
/// (factor indices) and scores it on the train points and, when `eval_x` has rows, on the eval
/// points. Labels need at least two distinct factors (DataError).
BetaVaeResult beta_vae_score(const Eigen::MatrixXd& train_x, const std::vector<int>& train_y,
                             const Eigen::MatrixXd& eval_x, const std::vector<int>& eval_y,
                             SklearnEra era);

}  // namespace fb::metrics
