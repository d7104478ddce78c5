// Equal-width discretisation and discrete mutual information, shared by MIG, modularity, IRS and
// the generator metrics. Reproduces disentanglement_lib's histogram discretiser and scikit-learn's
// mutual_info_score as specified in docs/protocols.md §4.2 and §4.3a.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <vector>

#include "metrics/codes.h"

namespace fb::metrics {

/// Dense labels, column-major [N, C] int32: column c holds labels 0..L_c-1 of variable c.
using Labels = Eigen::Matrix<std::int32_t, Eigen::Dynamic, Eigen::Dynamic>;

/// The discretiser's default bin count (disentanglement_lib `num_bins`).
constexpr int kDefaultBins = 20;

/// Discretises each code column on its own into `bins` equal-width bins over its sample [min, max].
/// Edges are min + k·((max − min)/bins) computed in double from the float32 extremes and rounded to
/// float32; label = number of the first `bins` edges ≤ x, minus one (so 0..bins-1). A constant
/// column gets one label. `codes` [N,D] float32 must be finite (NumericalError otherwise).
Labels discretise_codes(const CodesView& codes, int bins = kDefaultBins);

/// The same rule for integer factor classes, with edges in double (numpy bins integers in float64).
/// Used where disentanglement_lib re-bins factors (IRS; the CR protocol's continuous factors).
Labels discretise_factors(const Factors& factors, int bins = kDefaultBins);

/// Relabels each factor column to dense 0..m-1 in increasing class order (m = distinct values
/// present).
Labels dense_labels(const Factors& factors);

/// Discrete mutual information in nats between two labellings of the same n items (labels dense in
/// [0, na) and [0, nb)). Exactly 0 when either has a single class present; terms below machine
/// epsilon are zeroed and the total clipped at 0 (as scikit-learn's mutual_info_score).
double mutual_information(const std::int32_t* a, const std::int32_t* b, std::int64_t n);

/// m[i,j] = MI(codes column i, factors column j): [D, K] float64, computed in parallel.
Eigen::MatrixXd mutual_information_matrix(const Labels& codes, const Labels& factors);

/// H_j = MI(v_j, v_j) per column, nats: [K] float64.
Eigen::VectorXd discrete_entropy(const Labels& factors);

}  // namespace fb::metrics
