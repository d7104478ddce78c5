// Modularity (Ridgeway & Mozer 2018; disentanglement_lib `modularity_explicitness`), docs/protocols.md
// §4.2.
#pragma once

#include <Eigen/Core>

#include "metrics/codes.h"
#include "metrics/histogram.h"

namespace fb::metrics {

/// Modularity from a mutual-information matrix `mi` [D, K] (codes × factors): per code
/// 1 − (Σ_j m² − max m²)/(max m²·(K−1)); a code whose max m² is exactly 0 scores 0 and stays in the
/// mean. With K = 1 every informative code is trivially modular (1).
double modularity_from_mi(const Eigen::MatrixXd& mi);

/// Modularity of `codes` [N,D] float32 against factor classes [N,K] int64 (20-bin discretised
/// codes).
double modularity(const CodesView& codes, const Factors& factors, int bins = kDefaultBins);

}  // namespace fb::metrics
