// The Hungarian algorithm (Kuhn 1955, Munkres 1957): a minimum-cost assignment of rows to columns,
// used to match Elastic-InfoGAN's categorical codes to ground-truth classes (docs/protocols.md §4.6).
#pragma once

#include <Eigen/Core>
#include <vector>

namespace fb::metrics {

/// The assignment of rows to distinct columns that minimises the total cost of `cost` [R,C] (finite
/// float64; R and C may differ). Returns [R] column indices; when R > C, the R − C rows left
/// unassigned get −1. Ties are broken deterministically. O(max(R,C)³). DataError on non-finite
/// costs.
std::vector<int> hungarian(const Eigen::MatrixXd& cost);

/// Σ_r cost(r, assignment[r]) over assigned rows.
double assignment_cost(const Eigen::MatrixXd& cost, const std::vector<int>& assignment);

}  // namespace fb::metrics
