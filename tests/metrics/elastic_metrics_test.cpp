#include "metrics/elastic_metrics.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/error.h"

namespace fb::metrics {
namespace {

TEST(Nmi, PerfectClusteringUpToRelabellingIsOne) {
  const std::vector<std::int64_t> truth{0, 0, 1, 1, 2, 2, 2}, pred{2, 2, 0, 0, 1, 1, 1};
  EXPECT_NEAR(normalized_mutual_information(contingency(pred, 3, truth, 3)), 1.0, 1e-12);
}

TEST(Nmi, IndependentLabellingsAreZero) {
  // Every (code, class) pair equally often: MI = 0 exactly.
  std::vector<std::int64_t> a, b;
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 2; ++j) a.push_back(i), b.push_back(j);
  EXPECT_EQ(normalized_mutual_information(contingency(a, 3, b, 2)), 0.0);
}

TEST(Nmi, HandComputedValue) {
  // a = [0,0,1,1], b = [0,0,0,1]: MI = Σ p(a,b)·ln(p(a,b)/(p(a)p(b))) over the three occupied
  // cells; H(a) = ln2, H(b) = −¾ln¾ − ¼ln¼.
  const std::vector<std::int64_t> a{0, 0, 1, 1}, b{0, 0, 0, 1};
  const double mi = 0.5 * std::log(0.5 / (0.5 * 0.75)) + 0.25 * std::log(0.25 / (0.5 * 0.75)) +
                    0.25 * std::log(0.25 / (0.5 * 0.25));
  const double ha = std::log(2.0), hb = -0.75 * std::log(0.75) - 0.25 * std::log(0.25);
  EXPECT_NEAR(normalized_mutual_information(contingency(a, 2, b, 2)), mi / (0.5 * (ha + hb)),
              1e-12);
}

TEST(Nmi, SingleClusterBothSidesIsOneAsScikitLearn) {
  const std::vector<std::int64_t> a{0, 0, 0}, b{1, 1, 1};
  EXPECT_EQ(normalized_mutual_information(contingency(a, 1, b, 2)), 1.0);
}

TEST(Nmi, RejectsEmptyAndOutOfRange) {
  EXPECT_THROW(normalized_mutual_information(Eigen::MatrixXd::Zero(2, 2)), DataError);
  EXPECT_THROW(contingency({0, 3}, 3, {0, 0}, 1), DataError);
  EXPECT_THROW(contingency({0}, 1, {0, 0}, 1), DataError);
}

TEST(Nmi, GeometricNormalisationIsTheGeometricMean) {
  // counts [[2,0],[1,1]]: H(rows) = ln2, H(cols) = H(¾,¼), MI = H(cols) − ½·ln2 (H(col | row 0) = 0,
  // H(col | row 1) = ln2).
  Eigen::MatrixXd counts(2, 2);
  counts << 2, 0, 1, 1;
  const double h_rows = std::log(2.0), h_cols = -(0.75 * std::log(0.75) + 0.25 * std::log(0.25));
  const double mi = h_cols - 0.5 * std::log(2.0);
  EXPECT_NEAR(normalized_mutual_information(counts, NmiAverage::geometric),
              mi / std::sqrt(h_rows * h_cols), 1e-12);
  EXPECT_NEAR(normalized_mutual_information(counts, NmiAverage::arithmetic),
              mi / (0.5 * (h_rows + h_cols)), 1e-12);
  EXPECT_EQ(parse_nmi_average("geometric", "x"), NmiAverage::geometric);
  EXPECT_THROW(parse_nmi_average("max", "x"), ConfigError);
}

TEST(Ent, AnEmptyRowOrColumnIsNan) {
  // The released compute_entropy: scipy's entropy of an all-zero column is NaN, and so is the mean.
  Eigen::MatrixXd counts(2, 2);
  counts << 10, 0, 10, 0;
  EXPECT_TRUE(std::isnan(average_entropy(counts)));
}

TEST(Ent, OneToOneMapIsZero) {
  Eigen::MatrixXd counts = Eigen::MatrixXd::Zero(3, 3);
  counts(0, 2) = 1000, counts(1, 0) = 1000, counts(2, 1) = 1000;
  EXPECT_EQ(average_entropy(counts), 0.0);
}

TEST(Ent, UniformTableIsLogOfSize) {
  EXPECT_NEAR(average_entropy(Eigen::MatrixXd::Constant(3, 3, 50.0)), std::log(3.0), 1e-12);
}

TEST(Ent, HandComputedAsymmetricTable) {
  // Code 0 → class 0 always; code 1 → classes 0/1 half each. Rows: 0 and ln2. Columns: class 0
  // holds codes 0,1 as 2:1 (H(⅔,⅓)), class 1 only code 1 (0). ENT = the mean of the four.
  Eigen::MatrixXd counts(2, 2);
  counts << 100, 0, 50, 50;
  const double h21 = -(2.0 / 3) * std::log(2.0 / 3) - (1.0 / 3) * std::log(1.0 / 3);
  EXPECT_NEAR(average_entropy(counts), (std::log(2.0) + h21) / 4, 1e-12);
}

TEST(PriorRmse, MatchedPriorIsZeroAndMismatchIsHandComputed) {
  Eigen::MatrixXd counts(3, 3);  // code 0 → class 1, code 1 → class 2, code 2 → class 0
  counts << 1, 90, 2, 0, 3, 80, 70, 1, 1;
  const auto match = match_codes_to_classes(counts);
  EXPECT_EQ(match, (std::vector<int>{1, 2, 0}));
  const std::vector<double> truth{0.6, 0.3, 0.1};
  EXPECT_NEAR(prior_rmse({0.3, 0.1, 0.6}, truth, match), 0.0, 1e-15);
  // A uniform prior against (0.6, 0.3, 0.1): √(((1/3−.3)² + (1/3−.1)² + (1/3−.6)²)/3).
  const double third = 1.0 / 3;
  const double expected = std::sqrt(
      (std::pow(third - 0.3, 2) + std::pow(third - 0.1, 2) + std::pow(third - 0.6, 2)) / 3);
  EXPECT_NEAR(prior_rmse({third, third, third}, truth, match), expected, 1e-15);
  EXPECT_THROW(prior_rmse({0.5, 0.5}, truth, match), DataError);
}

}  // namespace
}  // namespace fb::metrics
