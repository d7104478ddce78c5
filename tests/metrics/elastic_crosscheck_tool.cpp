// Reads cases from a JSON file and prints factorbench's answers as JSON, for crosscheck_elastic.py
// (scikit-learn's NMI, scipy's linear_sum_assignment and sqrtm-based Fréchet distance).
// Input: {"nmi": [[a, b], ...], "hungarian": [matrix, ...], "frechet": [[x, y], ...]} with labels
// as integer lists and matrices as lists of rows. Output: {"nmi": [...] (arithmetic),
// "nmi_geometric": [...], "hungarian_cost": [...], "frechet": [...]}.
#include <algorithm>
#include <iostream>

#include "metrics/elastic_metrics.h"
#include "metrics/frechet_distance.h"
#include "metrics/hungarian.h"
#include "tests/metrics/crosscheck_io.h"

namespace {

Eigen::MatrixXd matrix(const fb::Json& rows) {
  return fb::crosscheck::matrix<Eigen::MatrixXd>(rows);
}

}  // namespace

int main(int argc, char** argv) {
  const fb::Json cases = fb::crosscheck::read_cases(argc, argv, "elastic_crosscheck_tool");
  fb::Json out;
  out["nmi"] = fb::Json::array();
  out["nmi_geometric"] = fb::Json::array();
  for (const auto& pair : cases.at("nmi")) {
    const auto a = pair[0].get<std::vector<std::int64_t>>(),
               b = pair[1].get<std::vector<std::int64_t>>();
    const std::int64_t na = *std::max_element(a.begin(), a.end()) + 1;
    const std::int64_t nb = *std::max_element(b.begin(), b.end()) + 1;
    const Eigen::MatrixXd counts = fb::metrics::contingency(a, na, b, nb);
    out["nmi"].push_back(fb::metrics::normalized_mutual_information(counts));
    out["nmi_geometric"].push_back(
        fb::metrics::normalized_mutual_information(counts, fb::metrics::NmiAverage::geometric));
  }
  out["hungarian_cost"] = fb::Json::array();
  for (const auto& m : cases.at("hungarian")) {
    const Eigen::MatrixXd cost = matrix(m);
    out["hungarian_cost"].push_back(
        fb::metrics::assignment_cost(cost, fb::metrics::hungarian(cost)));
  }
  out["frechet"] = fb::Json::array();
  for (const auto& pair : cases.at("frechet")) {
    const auto x = fb::metrics::fit_gaussian(matrix(pair[0])),
               y = fb::metrics::fit_gaussian(matrix(pair[1]));
    out["frechet"].push_back(fb::metrics::frechet_distance(x, y));
  }
  std::cout << out.dump() << "\n";
  return 0;
}
