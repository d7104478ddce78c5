#include "metrics/elastic_metrics.h"

#include <cmath>
#include <limits>
#include <string>

#include "core/error.h"
#include "metrics/hungarian.h"

namespace fb::metrics {

namespace {

// Entropy (nats) of a count vector; 0 for an empty or one-class vector.
double entropy_of_counts(const Eigen::VectorXd& counts) {
  const double total = counts.sum();
  if (total <= 0) return 0.0;
  double h = 0;
  for (Eigen::Index i = 0; i < counts.size(); ++i)
    if (counts[i] > 0) {
      const double p = counts[i] / total;
      h -= p * std::log(p);
    }
  return h;
}

void require_table(const Eigen::MatrixXd& counts, const char* what) {
  if (counts.size() == 0 || !(counts.sum() > 0))
    throw DataError(std::string(what) + ": the contingency table is empty (no samples)");
  if (!counts.allFinite() || counts.minCoeff() < 0)
    throw DataError(std::string(what) + ": the contingency table must hold finite counts >= 0");
}

}  // namespace

Eigen::MatrixXd contingency(const std::vector<std::int64_t>& first, std::int64_t na,
                            const std::vector<std::int64_t>& second, std::int64_t nb) {
  if (first.size() != second.size())
    throw DataError("contingency: the two labellings differ in length (" +
                    std::to_string(first.size()) + " vs " + std::to_string(second.size()) + ")");
  Eigen::MatrixXd counts = Eigen::MatrixXd::Zero(na, nb);
  for (std::size_t i = 0; i < first.size(); ++i) {
    if (first[i] < 0 || first[i] >= na || second[i] < 0 || second[i] >= nb)
      throw DataError("contingency: label out of range at row " + std::to_string(i));
    counts(first[i], second[i]) += 1;
  }
  return counts;
}

NmiAverage parse_nmi_average(const std::string& name, const std::string& where) {
  if (name == "geometric") return NmiAverage::geometric;
  if (name == "arithmetic") return NmiAverage::arithmetic;
  throw ConfigError(where + ": must be geometric or arithmetic (got '" + name + "')");
}

double normalized_mutual_information(const Eigen::MatrixXd& counts, NmiAverage average) {
  require_table(counts, "nmi");
  const Eigen::VectorXd rows = counts.rowwise().sum(), cols = counts.colwise().sum().transpose();
  const auto present = [](const Eigen::VectorXd& v) { return (v.array() > 0).count(); };
  // scikit-learn: two single-cluster labellings are a perfect (trivial) match.
  if (present(rows) == 1 && present(cols) == 1) return 1.0;
  const double n = counts.sum();
  double mi = 0;
  for (Eigen::Index a = 0; a < counts.rows(); ++a)
    for (Eigen::Index b = 0; b < counts.cols(); ++b) {
      const double c = counts(a, b);
      if (c > 0) mi += (c / n) * std::log(c * n / (rows[a] * cols[b]));
    }
  mi = std::max(mi, 0.0);
  if (mi == 0.0) return 0.0;
  const double h_a = entropy_of_counts(rows), h_b = entropy_of_counts(cols);
  const double normaliser =
      average == NmiAverage::geometric ? std::sqrt(h_a * h_b) : 0.5 * (h_a + h_b);
  return std::min(1.0, mi / std::max(normaliser, std::numeric_limits<double>::epsilon()));
}

double average_entropy(const Eigen::MatrixXd& counts) {
  require_table(counts, "ent");
  // scipy.stats.entropy normalises each vector by its sum: an all-zero one gives 0/0 = NaN, and the
  // released np.mean carries it into ENT.
  auto entropy_or_nan = [](const Eigen::VectorXd& v) {
    return v.sum() > 0 ? entropy_of_counts(v) : std::numeric_limits<double>::quiet_NaN();
  };
  double sum = 0;
  for (Eigen::Index r = 0; r < counts.rows(); ++r) sum += entropy_or_nan(counts.row(r).transpose());
  for (Eigen::Index c = 0; c < counts.cols(); ++c) sum += entropy_or_nan(counts.col(c));
  return sum / static_cast<double>(counts.rows() + counts.cols());
}

std::vector<int> match_codes_to_classes(const Eigen::MatrixXd& counts) {
  return hungarian(-counts);
}

double prior_rmse(const std::vector<double>& learned, const std::vector<double>& truth,
                  const std::vector<int>& match) {
  if (learned.empty() || match.size() != learned.size())
    throw DataError("prior_rmse: need one matched class per code (" +
                    std::to_string(learned.size()) + " codes, " + std::to_string(match.size()) +
                    " matches)");
  double sum = 0;
  for (std::size_t c = 0; c < learned.size(); ++c) {
    if (match[c] >= static_cast<int>(truth.size()))
      throw DataError("prior_rmse: code " + std::to_string(c) + " matched to class " +
                      std::to_string(match[c]) + " of " + std::to_string(truth.size()));
    const double target = match[c] < 0 ? 0.0 : truth[match[c]];
    sum += (learned[c] - target) * (learned[c] - target);
  }
  return std::sqrt(sum / static_cast<double>(learned.size()));
}

}  // namespace fb::metrics
