// SAP score (Kumar et al. 2018; disentanglement_lib `sap_score`), docs/protocols.md §4.2, §4.3a.
#pragma once

#include <Eigen/Core>

#include "metrics/codes.h"

namespace fb::metrics {

struct SapResult {
  double sap = 0.0;  ///< mean over factors of the gap between the two best codes' scores
  Eigen::MatrixXd
      scores;  ///< [D, K] float64: scores(i, j) = how well code i alone predicts factor j
};

/// DL SAP on discrete factors: scores(i, j) = test accuracy of LinearSVC(C = 0.01, balanced
/// weights) trained on the single code i (train split) to predict factor j's classes; SAP = mean_j
/// (top-1 − top-2 of scores(:, j)). train/test: codes [N, D] float32 and factors [N, K] int64 (N
/// may differ between the splits). Throws DataError on mismatched shapes, NaN/Inf codes, D < 2 (no
/// top-2 gap), or a factor with a single class in the train split.
SapResult sap(const CodesView& train, const Factors& train_f, const CodesView& test,
              const Factors& test_f);

/// CR SAP on continuous factors: scores(i, j) = Cov(z_i, y_j)² / (Var z_i · Var y_j) (ddof 1), 0
/// when Var z_i <= 1e−12 or Var y_j == 0. codes [N, D] float32, factor_values [N, K] float64.
/// Throws DataError on mismatched N, N < 2, D < 2, K == 0 or non-finite input.
double sap_continuous(const Codes& codes, const Eigen::MatrixXd& factor_values);

/// The score matrix of sap_continuous: [D, K] float64.
Eigen::MatrixXd sap_continuous_scores(const Codes& codes, const Eigen::MatrixXd& factor_values);

/// mean over columns of (largest − second largest) entry of `scores` ([D, K], D >= 2).
double sap_from_scores(const Eigen::MatrixXd& scores);

}  // namespace fb::metrics
