// Interventional Robustness Score (Suter et al. 2019; disentanglement_lib `irs`), docs/protocols.md §4.2.
#pragma once

#include <Eigen/Core>

#include "metrics/codes.h"
#include "metrics/histogram.h"

namespace fb::metrics {

struct IrsResult {
  double irs = 0.0;  ///< average of per_code weighted by max_deviation (plain mean if all 0)
  Eigen::VectorXd per_code;       ///< [D'] max over factors of the IRS matrix, active dims only
  Eigen::MatrixXd matrix;         ///< [D', K] 1 − normalised deviation
  Eigen::VectorXd max_deviation;  ///< [D'] max |z − mean z|
  int num_active_dims = 0;        ///< dims with non-zero std (D')
};

/// IRS of `codes` [N,D] float32 against factor classes [N,K] int64. Factors are re-binned into
/// `bins` equal-width bins (so 32/40-valued factors merge, as disentanglement_lib does); constant
/// code dims are dropped (none left: IRS 0). Per factor i and bin k: the `diff_quantile` quantile
/// (linear interpolation) of |z − mean_{g_i=k} z|, averaged over k, divided by max |z − mean z|.
IrsResult irs(const CodesView& codes, const Factors& factors, double diff_quantile = 0.99,
              int bins = kDefaultBins);

}  // namespace fb::metrics
