#include "core/rng.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace fb {
namespace {

TEST(Rng, SameSeedSameStream) {
  Rng a(42), b(42);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(a.next_u64(), b.next_u64());
}

TEST(Rng, DerivedStreamsDiffer) {
  EXPECT_NE(Rng::derive(1, "data").next_u64(), Rng::derive(1, "noise").next_u64());
  EXPECT_NE(Rng::for_item(1, 0).next_u64(), Rng::for_item(1, 1).next_u64());
}

TEST(Rng, UniformMomentsAndRange) {
  Rng r(7);
  double sum = 0, sq = 0;
  const int n = 200000;
  for (int i = 0; i < n; ++i) {
    double u = r.uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
    sq += u * u;
  }
  EXPECT_NEAR(sum / n, 0.5, 0.005);
  EXPECT_NEAR(sq / n - (sum / n) * (sum / n), 1.0 / 12, 0.002);
}

TEST(Rng, BelowIsUniform) {
  Rng r(3);
  std::vector<int> counts(7, 0);
  for (int i = 0; i < 70000; ++i) counts[r.below(7)]++;
  for (int c : counts) EXPECT_NEAR(c, 10000, 400);
}

TEST(Rng, NormalMoments) {
  Rng r(11);
  double sum = 0, sq = 0;
  const int n = 200000;
  for (int i = 0; i < n; ++i) {
    double x = r.normal();
    sum += x;
    sq += x * x;
  }
  EXPECT_NEAR(sum / n, 0.0, 0.01);
  EXPECT_NEAR(sq / n, 1.0, 0.01);
}

TEST(Rng, StateRoundTrip) {
  Rng r(5);
  r.next_u64();
  Rng copy(0);
  copy.set_state(r.state());
  EXPECT_EQ(copy.next_u64(), r.next_u64());
}

}  // namespace
}  // namespace fb
