#include "metrics/histogram.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/error.h"
#include "core/threads.h"

namespace fb::metrics {

namespace {

// numpy's histogram_bin_edges for a constant sample widens the range to [v − 0.5, v + 0.5], which
// puts every value in one bin; only the edges' positions relative to the data matter for the
// labels.
template <class Edge, class Value>
void label_column(const Value* x, std::int64_t n, std::int64_t stride, int bins,
                  std::int32_t* out) {
  Value lo = x[0], hi = x[0];
  for (std::int64_t i = 1; i < n; ++i) {
    lo = std::min(lo, x[i * stride]);
    hi = std::max(hi, x[i * stride]);
  }
  double first = static_cast<double>(lo), last = static_cast<double>(hi);
  if (first == last) {
    first -= 0.5;
    last += 0.5;
  }
  // Edges as numpy.linspace makes them: start + k·step in double, then rounded to the bin dtype.
  const double step = (last - first) / bins;
  std::vector<Edge> edges(static_cast<std::size_t>(bins));
  for (int k = 0; k < bins; ++k) edges[k] = static_cast<Edge>(first + k * step);
  for (std::int64_t i = 0; i < n; ++i) {
    // Count of edges ≤ x (numpy.digitize, right=False) minus one; comparisons in the edge dtype.
    const Edge v = static_cast<Edge>(x[i * stride]);
    auto count = std::upper_bound(edges.begin(), edges.end(), v) - edges.begin();
    out[i] = static_cast<std::int32_t>(std::max<std::ptrdiff_t>(count - 1, 0));
  }
}

}  // namespace

Labels discretise_codes(const CodesView& codes, int bins) {
  if (!codes.allFinite()) throw NumericalError("codes contain NaN or Inf; cannot discretise");
  const std::int64_t n = codes.rows(), d = codes.cols();
  Labels out(n, d);
  if (n == 0) return out;
  parallel_for(d, [&](std::int64_t c0, std::int64_t c1) {
    for (std::int64_t c = c0; c < c1; ++c)
      label_column<float>(codes.data() + c, n, d, bins, out.col(c).data());
  });
  return out;
}

Labels discretise_factors(const Factors& factors, int bins) {
  const std::int64_t n = factors.rows(), k = factors.cols();
  Labels out(n, k);
  if (n == 0) return out;
  for (std::int64_t c = 0; c < k; ++c)
    label_column<double>(factors.data() + c, n, k, bins, out.col(c).data());
  return out;
}

Labels dense_labels(const Factors& factors) {
  const std::int64_t n = factors.rows(), k = factors.cols();
  Labels out(n, k);
  for (std::int64_t c = 0; c < k; ++c) {
    std::vector<std::int64_t> values(static_cast<std::size_t>(n));
    for (std::int64_t i = 0; i < n; ++i) values[i] = factors(i, c);
    std::vector<std::int64_t> uniq = values;
    std::sort(uniq.begin(), uniq.end());
    uniq.erase(std::unique(uniq.begin(), uniq.end()), uniq.end());
    for (std::int64_t i = 0; i < n; ++i)
      out(i, c) = static_cast<std::int32_t>(std::lower_bound(uniq.begin(), uniq.end(), values[i]) -
                                            uniq.begin());
  }
  return out;
}

double mutual_information(const std::int32_t* a, const std::int32_t* b, std::int64_t n) {
  if (n == 0) return 0.0;
  const std::int64_t na = *std::max_element(a, a + n) + 1, nb = *std::max_element(b, b + n) + 1;
  std::vector<std::int64_t> ra(static_cast<std::size_t>(na), 0),
      rb(static_cast<std::size_t>(nb), 0);
  for (std::int64_t i = 0; i < n; ++i) {
    ++ra[a[i]];
    ++rb[b[i]];
  }
  auto present = [](const std::vector<std::int64_t>& v) {
    return std::count_if(v.begin(), v.end(), [](std::int64_t c) { return c > 0; });
  };
  if (present(ra) <= 1 || present(rb) <= 1) return 0.0;

  // Non-empty cells of the contingency table as (cell, count): a dense table when it is small,
  // sorted cell keys otherwise (factors with thousands of distinct values).
  std::vector<std::pair<std::int64_t, std::int64_t>> cells;
  if (na * nb <= 4 * n + 4096) {
    std::vector<std::int64_t> table(static_cast<std::size_t>(na * nb), 0);
    for (std::int64_t i = 0; i < n; ++i) ++table[static_cast<std::size_t>(a[i] * nb + b[i])];
    for (std::int64_t c = 0; c < na * nb; ++c)
      if (table[c] > 0) cells.emplace_back(c, table[c]);
  } else {
    std::vector<std::int64_t> keys(static_cast<std::size_t>(n));
    for (std::int64_t i = 0; i < n; ++i) keys[i] = a[i] * nb + b[i];
    std::sort(keys.begin(), keys.end());
    for (std::int64_t i = 0; i < n;) {
      std::int64_t j = i;
      while (j < n && keys[j] == keys[i]) ++j;
      cells.emplace_back(keys[i], j - i);
      i = j;
    }
  }

  // Term per non-empty cell, grouped as scikit-learn groups it, so near-zero terms vanish the same
  // way: p_ij·(ln n_ij − ln N) + p_ij·(ln N + ln N − ln(a_i·b_j)).
  const double total = static_cast<double>(n), log_total = std::log(total);
  const double eps = std::numeric_limits<double>::epsilon();
  double mi = 0.0;
  for (const auto& [cell, count] : cells) {
    const double p = count / total;
    const double outer = static_cast<double>(ra[cell / nb] * rb[cell % nb]);
    const double term = p * (std::log(static_cast<double>(count)) - log_total) +
                        p * (-std::log(outer) + log_total + log_total);
    if (std::fabs(term) >= eps) mi += term;
  }
  return std::max(mi, 0.0);
}

Eigen::MatrixXd mutual_information_matrix(const Labels& codes, const Labels& factors) {
  const std::int64_t d = codes.cols(), k = factors.cols(), n = codes.rows();
  Eigen::MatrixXd m(d, k);
  parallel_for(d * k, [&](std::int64_t p0, std::int64_t p1) {
    for (std::int64_t p = p0; p < p1; ++p) {
      const std::int64_t i = p / k, j = p % k;
      m(i, j) = mutual_information(codes.col(i).data(), factors.col(j).data(), n);
    }
  });
  return m;
}

Eigen::VectorXd discrete_entropy(const Labels& factors) {
  Eigen::VectorXd h(factors.cols());
  for (std::int64_t j = 0; j < factors.cols(); ++j)
    h(j) = mutual_information(factors.col(j).data(), factors.col(j).data(), factors.rows());
  return h;
}

}  // namespace fb::metrics
