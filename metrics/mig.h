// Mutual Information Gap (Chen et al. 2018; disentanglement_lib `mig`), docs/protocols.md §4.2 and §4.3a.
#pragma once

#include <Eigen/Core>
#include <vector>

#include "metrics/codes.h"
#include "metrics/histogram.h"

namespace fb::metrics {

struct MigResult {
  double mig = 0.0;                    ///< mean over the defined factors of gap / entropy
  Eigen::VectorXd per_factor;          ///< [K] normalised gap; NaN for an undefined factor
  Eigen::MatrixXd mutual_information;  ///< [D, K] nats
  Eigen::VectorXd entropy;             ///< [K] nats
  std::vector<int> undefined_factors;  ///< factors with a single class in the sample (entropy 0)
};

/// MIG of `codes` [N,D] float32 against factor classes `factors` [N,K] int64 (train split only):
/// each code dim discretised into `bins` bins; per factor (top-1 − top-2 MI over codes) /
/// H(factor). A factor with a single class has no defined gap: it is listed in undefined_factors
/// and left out of the mean (DataError when no factor is defined). Shapes must agree (DataError).
MigResult mig(const CodesView& codes, const Factors& factors, int bins = kDefaultBins);

/// MIG from already discretised codes [N,D] and factor labels [N,K].
MigResult mig_from_labels(const Labels& codes, const Labels& factors);

}  // namespace fb::metrics
