#include "metrics/histogram.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/error.h"
#include "tests/metrics/code_sets.h"

namespace fb::metrics {
namespace {

TEST(Histogram, ExtremesFallInFirstAndLastBin) {
  Codes c(3, 1);
  c << 0.0f, 1.0f, 0.5f;
  const Labels l = discretise_codes(c);
  EXPECT_EQ(l(0, 0), 0);
  EXPECT_EQ(l(1, 0), 19);
  EXPECT_EQ(l(2, 0), 10);  // 0.5 lies on inner edge 10 and goes up
}

TEST(Histogram, ValueOnFloat32EdgeGoesUp) {
  // Edge 1 is float32(0 + 1·(1/20)) = 0.05f exactly as the code value.
  Codes c(3, 1);
  c << 0.0f, 1.0f, 0.05f;
  EXPECT_EQ(discretise_codes(c)(2, 0), 1);
}

TEST(Histogram, ConstantColumnHasOneLabel) {
  Codes c = Codes::Constant(5, 2, 3.0f);
  const Labels l = discretise_codes(c);
  EXPECT_EQ(l.minCoeff(), l.maxCoeff());
}

TEST(Histogram, NonFiniteCodesThrow) {
  Codes c(2, 1);
  c << 0.0f, NAN;
  EXPECT_THROW(discretise_codes(c), NumericalError);
}

TEST(Histogram, FactorsWith40ClassesMergeIntoTwentyBins) {
  Factors f(40, 1);
  for (int i = 0; i < 40; ++i) f(i, 0) = i;
  const Labels l = discretise_factors(f);
  EXPECT_EQ(l.minCoeff(), 0);
  EXPECT_EQ(l.maxCoeff(), 19);
  EXPECT_EQ(l(1, 0), 0);  // 1 < edge 1 = 1.95
  EXPECT_EQ(l(2, 0), 1);
}

TEST(Histogram, DenseLabelsKeepOrder) {
  Factors f(4, 1);
  f << 7, -3, 7, 100;
  const Labels l = dense_labels(f);
  EXPECT_EQ(l(0, 0), 1);
  EXPECT_EQ(l(1, 0), 0);
  EXPECT_EQ(l(3, 0), 2);
}

TEST(MutualInformation, IdenticalBinaryIsLn2) {
  const std::int32_t a[] = {0, 0, 1, 1};
  EXPECT_NEAR(mutual_information(a, a, 4), std::log(2.0), 1e-12);
}

TEST(MutualInformation, IndependentIsZero) {
  const std::int32_t a[] = {0, 0, 1, 1}, b[] = {0, 1, 0, 1};
  EXPECT_EQ(mutual_information(a, b, 4), 0.0);
}

TEST(MutualInformation, SingleClassIsExactlyZero) {
  const std::int32_t a[] = {0, 0, 0, 0}, b[] = {0, 1, 2, 3};
  EXPECT_EQ(mutual_information(a, b, 4), 0.0);
}

TEST(MutualInformation, SparseAndDenseTablesAgree) {
  // 3,000 distinct labels against themselves takes the sorted-key path: MI = ln 3000.
  std::vector<std::int32_t> a(3000);
  for (int i = 0; i < 3000; ++i) a[i] = i;
  EXPECT_NEAR(mutual_information(a.data(), a.data(), 3000), std::log(3000.0), 1e-9);
}

}  // namespace
}  // namespace fb::metrics
