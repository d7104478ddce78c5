#include "metrics/hungarian.h"

#include <limits>

#include "core/error.h"

namespace fb::metrics {

namespace {

// Shortest augmenting paths with row/column potentials (the O(n²m) form of Kuhn-Munkres) for
// n <= m rows; a is 1-based internally, as in the classical formulation.
std::vector<int> assign_rows(const Eigen::MatrixXd& a) {
  const int n = static_cast<int>(a.rows()), m = static_cast<int>(a.cols());
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> u(n + 1, 0.0), v(m + 1, 0.0);
  std::vector<int> p(m + 1, 0), way(m + 1, 0);  // p[j]: row matched to column j (0 = none)
  for (int i = 1; i <= n; ++i) {
    p[0] = i;
    int j0 = 0;
    std::vector<double> minv(m + 1, inf);
    std::vector<char> used(m + 1, 0);
    do {
      used[j0] = 1;
      const int i0 = p[j0];
      double delta = inf;
      int j1 = 0;
      for (int j = 1; j <= m; ++j) {
        if (used[j]) continue;
        const double cur = a(i0 - 1, j - 1) - u[i0] - v[j];
        if (cur < minv[j]) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j] < delta) {  // strict: the lowest column index wins ties
          delta = minv[j];
          j1 = j;
        }
      }
      for (int j = 0; j <= m; ++j) {
        if (used[j]) {
          u[p[j]] += delta;
          v[j] -= delta;
        } else {
          minv[j] -= delta;
        }
      }
      j0 = j1;
    } while (p[j0] != 0);
    do {  // flip the augmenting path
      const int j1 = way[j0];
      p[j0] = p[j1];
      j0 = j1;
    } while (j0 != 0);
  }
  std::vector<int> row_to_col(n, -1);
  for (int j = 1; j <= m; ++j)
    if (p[j] != 0) row_to_col[p[j] - 1] = j - 1;
  return row_to_col;
}

}  // namespace

std::vector<int> hungarian(const Eigen::MatrixXd& cost) {
  if (!cost.allFinite()) throw DataError("hungarian: the cost matrix holds NaN or Inf");
  if (cost.rows() == 0 || cost.cols() == 0) return std::vector<int>(cost.rows(), -1);
  if (cost.rows() <= cost.cols()) return assign_rows(cost);
  // More rows than columns: assign the columns to rows instead, then invert.
  const std::vector<int> col_to_row = assign_rows(cost.transpose());
  std::vector<int> out(cost.rows(), -1);
  for (int c = 0; c < static_cast<int>(col_to_row.size()); ++c) out[col_to_row[c]] = c;
  return out;
}

double assignment_cost(const Eigen::MatrixXd& cost, const std::vector<int>& assignment) {
  double total = 0;
  for (int r = 0; r < static_cast<int>(assignment.size()); ++r)
    if (assignment[r] >= 0) total += cost(r, assignment[r]);
  return total;
}

}  // namespace fb::metrics
