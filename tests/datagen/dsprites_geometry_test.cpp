#include "datagen/dsprites_geometry.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cmath>

#include "core/threads.h"

namespace fb::data::dsprites {
namespace {

struct Stats {
  int count = 0;
  double cx = 0, cy = 0;  // centroid of the pixel centres
  int row0 = 99, row1 = -1, col0 = 99, col1 = -1;
};

Stats stats(const std::uint8_t* m) {
  Stats s;
  for (int j = 0; j < kSize; ++j)
    for (int i = 0; i < kSize; ++i)
      if (m[j * kSize + i]) {
        ++s.count;
        s.cx += i + 0.5;
        s.cy += j + 0.5;
        s.row0 = std::min(s.row0, j);
        s.row1 = std::max(s.row1, j);
        s.col0 = std::min(s.col0, i);
        s.col1 = std::max(s.col1, i);
      }
  s.cx /= s.count;
  s.cy /= s.count;
  return s;
}

Stats render(std::int64_t shape, std::int64_t scale, std::int64_t orient, std::int64_t x,
             std::int64_t y) {
  static std::uint8_t m[kSize * kSize];
  std::int64_t c[6] = {0, shape, scale, orient, x, y};
  render_mask(c, m);
  return stats(m);
}

TEST(DspritesGeometry, FactorGridMatchesRelease) {
  auto f = factors();
  ASSERT_EQ(f.size(), 6u);
  const char* names[] = {"color", "shape", "scale", "orientation", "posX", "posY"};
  for (int k = 0; k < 6; ++k) {
    EXPECT_EQ(f[k].name, names[k]);
    EXPECT_EQ(f[k].size(), kFactorSizes[k]);
  }
  EXPECT_EQ(f[1].values, (std::vector<double>{1, 2, 3}));
  EXPECT_DOUBLE_EQ(f[2].values[1], 0.6);
  EXPECT_EQ(f[3].values.back(), 2 * M_PI);
  EXPECT_NEAR(f[3].values[1], 0.161107316, 1e-9);
  EXPECT_EQ(f[4].values.back(), 1.0);
}

TEST(DspritesGeometry, FlatIndexIsPosYFastest) {
  std::int64_t c[6] = {0, 0, 0, 0, 0, 1};
  EXPECT_EQ(flat_index(c), 1);
  std::int64_t d[6] = {0, 0, 0, 0, 1, 0};
  EXPECT_EQ(flat_index(d), 32);
  std::int64_t e[6] = {0, 1, 0, 0, 0, 0};
  EXPECT_EQ(flat_index(e), 245760);
  std::int64_t back[6];
  classes_of(kNumImages - 1, back);
  EXPECT_EQ(back[3], 39);
  EXPECT_EQ(flat_index(back), kNumImages - 1);
}

TEST(DspritesGeometry, SanityAnchorsFromReference) {
  // docs/protocols.md §1.1: square scale 1 rows/cols 6..25, scale 0.5 11..20; heart 222 px in rows 7-23, cols
  // 6-25; ellipse 292 px.
  auto sq = render(kSquare, 5, 0, 0, 0);
  EXPECT_EQ(sq.count, 400);
  EXPECT_EQ(sq.row0, 6);
  EXPECT_EQ(sq.row1, 25);
  auto small = render(kSquare, 0, 0, 0, 0);
  EXPECT_EQ(small.col0, 11);
  EXPECT_EQ(small.col1, 20);
  auto heart = render(kHeart, 5, 0, 0, 0);
  EXPECT_EQ(heart.count, 222);
  EXPECT_EQ(heart.row0, 7);
  EXPECT_EQ(heart.row1, 23);
  EXPECT_EQ(heart.col0, 6);
  EXPECT_EQ(heart.col1, 25);
  EXPECT_EQ(render(kEllipse, 5, 0, 0, 0).count, 292);
}

TEST(DspritesGeometry, CentroidFollowsPosition) {
  for (std::int64_t x : {0, 10, 31})
    for (std::int64_t y : {0, 17, 31}) {
      auto s = render(kSquare, 3, 0, x, y);
      EXPECT_NEAR(s.cx, 16 + 32 * (x / 31.0), 0.6);
      EXPECT_NEAR(s.cy, 16 + 32 * (y / 31.0), 0.6);
    }
}

TEST(DspritesGeometry, AreaFollowsScaleSquared) {
  for (int shape : {kSquare, kEllipse, kHeart}) {
    double a1 = render(shape, 5, 0, 15, 15).count;
    for (std::int64_t k = 0; k < 5; ++k) {
      double s = 0.5 + 0.1 * k;
      EXPECT_NEAR(render(shape, k, 0, 15, 15).count / a1, s * s, 0.06)
          << "shape " << shape << " scale " << s;
    }
  }
}

TEST(DspritesGeometry, OrientationZeroAndLastAreIdentical) {
  std::uint8_t a[kSize * kSize], b[kSize * kSize];
  for (std::int64_t shape = 0; shape < 3; ++shape) {
    std::int64_t c0[6] = {0, shape, 4, 0, 9, 20}, c39[6] = {0, shape, 4, 39, 9, 20};
    render_mask(c0, a);
    render_mask(c39, b);
    EXPECT_EQ(0, std::memcmp(a, b, sizeof a));
  }
}

TEST(DspritesGeometry, RotationIsCounterClockwiseOnScreen) {
  // A heart's lobes point up at orientation 0; about a quarter turn later (k=10, 92 degrees) they point
  // left, so the pixel mass above the centre moves to its left.
  auto up = render(kHeart, 5, 0, 15, 15);
  auto left = render(kHeart, 5, 10, 15, 15);
  double ref = 16 + 32 * (15 / 31.0);
  EXPECT_LT(up.cy, ref + 0.5);    // heavier lobes above the reference point (y down)
  EXPECT_LT(left.cx, ref + 0.5);  // lobes now on the left
  EXPECT_GT(left.cy, up.cy);
}

TEST(DspritesGeometry, FullGridPixelMeanMatchesRelease) {
  std::atomic<std::int64_t> on{0};
  parallel_for(kNumImages, [&](std::int64_t b, std::int64_t e) {
    std::uint8_t m[kSize * kSize];
    std::int64_t c[6], local = 0;
    for (std::int64_t i = b; i < e; ++i) {
      classes_of(i, c);
      render_mask(c, m);
      for (auto p : m) local += p;
    }
    on += local;
  });
  double mean = static_cast<double>(on) / (kNumImages * 4096.0);
  EXPECT_NEAR(mean, 0.04253, 0.00002);
  EXPECT_NEAR(std::sqrt(mean * (1 - mean)), 0.2018, 0.0001);
}

}  // namespace
}  // namespace fb::data::dsprites
