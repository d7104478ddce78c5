#include "metrics/hungarian.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <numeric>
#include <random>

#include "core/error.h"

namespace fb::metrics {
namespace {

// The minimum over every injective map of the smaller side into the larger one.
double brute_force_cost(const Eigen::MatrixXd& cost) {
  const bool rows_first = cost.rows() <= cost.cols();
  const Eigen::MatrixXd c = rows_first ? cost : Eigen::MatrixXd(cost.transpose());
  std::vector<int> cols(c.cols());
  std::iota(cols.begin(), cols.end(), 0);
  double best = std::numeric_limits<double>::infinity();
  do {
    double total = 0;
    for (int r = 0; r < c.rows(); ++r) total += c(r, cols[r]);
    best = std::min(best, total);
  } while (std::next_permutation(cols.begin(), cols.end()));
  return best;
}

TEST(Hungarian, HandExample) {
  Eigen::MatrixXd cost(3, 3);
  cost << 4, 1, 3, 2, 0, 5, 3, 2, 2;  // optimum: (0,1), (1,0), (2,2) = 1 + 2 + 2
  const auto a = hungarian(cost);
  EXPECT_EQ(a, (std::vector<int>{1, 0, 2}));
  EXPECT_DOUBLE_EQ(assignment_cost(cost, a), 5.0);
}

TEST(Hungarian, MatchesBruteForceOnRandomMatrices) {
  std::mt19937 gen(7);
  std::uniform_int_distribution<int> size(1, 5), value(-9, 9);
  for (int t = 0; t < 200; ++t) {
    Eigen::MatrixXd cost(size(gen), size(gen));
    for (Eigen::Index i = 0; i < cost.size(); ++i) cost(i) = value(gen);  // integers: many ties
    SCOPED_TRACE(t);
    const auto a = hungarian(cost);
    ASSERT_EQ(a.size(), static_cast<std::size_t>(cost.rows()));
    std::vector<int> used;
    for (int c : a)
      if (c >= 0) used.push_back(c);
    std::sort(used.begin(), used.end());
    EXPECT_EQ(std::adjacent_find(used.begin(), used.end()), used.end()) << "a column used twice";
    EXPECT_EQ(used.size(), static_cast<std::size_t>(std::min(cost.rows(), cost.cols())));
    EXPECT_DOUBLE_EQ(assignment_cost(cost, a), brute_force_cost(cost));
  }
}

TEST(Hungarian, MoreRowsThanColumnsLeavesRowsUnassigned) {
  Eigen::MatrixXd cost(3, 2);
  cost << 5, 5, 0, 9, 9, 0;
  EXPECT_EQ(hungarian(cost), (std::vector<int>{-1, 0, 1}));
}

TEST(Hungarian, RejectsNaN) {
  Eigen::MatrixXd cost = Eigen::MatrixXd::Zero(2, 2);
  cost(1, 1) = std::numeric_limits<double>::quiet_NaN();
  EXPECT_THROW(hungarian(cost), DataError);
}

}  // namespace
}  // namespace fb::metrics
