#include "metrics/irs.h"

#include <gtest/gtest.h>

#include "core/error.h"
#include "tests/metrics/code_sets.h"

namespace fb::metrics {
namespace {

TEST(Irs, PerfectCodesScoreNearOne) {
  const Factors f = test::random_factors(2000, {2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 1);
  const auto r = irs(test::identity_codes(f), f);
  EXPECT_GT(r.irs, 0.9);
  EXPECT_LE(r.irs, 1.0);
  EXPECT_EQ(r.num_active_dims, 10);
}

TEST(Irs, ConstantCodesScoreZero) {
  const Factors f = test::random_factors(200, {3, 4}, 2);
  const auto r = irs(Codes(Codes::Constant(200, 3, 1.5f)), f);
  EXPECT_EQ(r.irs, 0.0);
  EXPECT_EQ(r.num_active_dims, 0);
}

TEST(Irs, HandComputedTwoGroups) {
  // One factor (classes 0/1), one code: group 0 = {0, 2}, group 1 = {10, 12}. Mean deviation per
  // group is 1 for both rows, so the 0.5-quantile is 1; max |z − 6| = 6; IRS = 1 − 1/6.
  Codes c(4, 1);
  c << 0, 2, 10, 12;
  Factors f(4, 1);
  f << 0, 0, 1, 1;
  EXPECT_NEAR(irs(c, f, 0.5).irs, 1.0 - 1.0 / 6.0, 1e-12);
}

TEST(Irs, ConstantDimIsDropped) {
  const Factors f = test::random_factors(500, {4, 4}, 3);
  Codes c(500, 3);
  c.leftCols(2) = test::identity_codes(f);
  c.col(2).setConstant(2.0f);
  EXPECT_EQ(irs(c, f).num_active_dims, 2);
}

TEST(Irs, BadInputsThrow) {
  EXPECT_THROW(irs(Codes(Codes::Zero(5, 2)), Factors::Zero(6, 1)), DataError);
  EXPECT_THROW(irs(Codes(Codes::Zero(5, 2)), Factors::Zero(5, 1), 1.5), ConfigError);
}

}  // namespace
}  // namespace fb::metrics
