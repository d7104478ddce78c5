// Elastic-InfoGAN's metrics (docs/protocols.md §4.6; definitions are factorbench's, unconfirmed against the
// paper): NMI between ground-truth classes and a categorical code's argmax on real images, ENT, the
// average conditional entropy between codes and classifier-read classes of generated images, and
// the RMSE between the learned class prior and the true class distribution after a Hungarian
// code→class matching. Array-level functions; engine/elastic_evaluation.h feeds them from a model.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <string>
#include <vector>

namespace fb::metrics {

/// counts(a, b) = #{i : first[i] = a, second[i] = b}: [na, nb] float64. Labels must lie in [0, na)
/// and [0, nb) (DataError otherwise); first and second have the same length.
Eigen::MatrixXd contingency(const std::vector<std::int64_t>& first, std::int64_t na,
                            const std::vector<std::int64_t>& second, std::int64_t nb);

/// How NMI normalises the mutual information: geometric √(H(a)·H(b)), scikit-learn ≤ 0.21's default
/// (the released evaluation's era), or arithmetic (H(a) + H(b)) / 2, scikit-learn ≥ 0.22's.
enum class NmiAverage { geometric, arithmetic };
/// "geometric" | "arithmetic" (ConfigError naming `where` otherwise).
NmiAverage parse_nmi_average(const std::string& name, const std::string& where);

/// Normalised mutual information MI / normaliser(H(a), H(b)) from a contingency table, as
/// sklearn.metrics.normalized_mutual_info_score(average_method=...): 1 when both labellings hold a
/// single (the same trivial) cluster, 0 when the MI is 0, in [0, 1]; the normaliser is at least the
/// float64 epsilon. DataError on an empty table.
double normalized_mutual_information(const Eigen::MatrixXd& counts,
                                     NmiAverage average = NmiAverage::arithmetic);

/// ENT (nats, lower is better) from counts[code, class] of generated images, as the released
/// `compute_entropy`: the mean of the entropies of every row and every column, each normalised to a
/// distribution (scipy.stats.entropy). An all-zero row or column has no distribution: its entropy,
/// and so ENT, is NaN, as in the released code (it is reported, not dropped). 0 for a one-to-one
/// code↔class map. DataError when the table is empty.
double average_entropy(const Eigen::MatrixXd& counts);

/// The code→class matching that maximises agreement: Hungarian on −counts[code, class]. [codes]
/// class indices (−1 where there are more codes than classes).
std::vector<int> match_codes_to_classes(const Eigen::MatrixXd& counts);

/// RMSE over codes between the learned prior p̂ [k] and the true class distribution p [m] read
/// through `match` ([k] class per code, from match_codes_to_classes): √(mean_c (p̂_c −
/// p_match[c])²); an unmatched code compares with 0. DataError on mismatched sizes.
double prior_rmse(const std::vector<double>& learned, const std::vector<double>& truth,
                  const std::vector<int>& match);

}  // namespace fb::metrics
