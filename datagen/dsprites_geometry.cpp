#include "datagen/dsprites_geometry.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace fb::data::dsprites {

namespace {

constexpr double kTwoPi = 6.283185307179586476925286766559;
const char* const kNames[kNumFactors] = {"color", "shape", "scale", "orientation", "posX", "posY"};

// Square: side 19.2 px at scale 1 (0.3 of the canvas), centred on the reference point.
constexpr double kSquareHalf = 9.6;
// Ellipse semi-axes (horizontal at orientation 0).
constexpr double kEllipseA = 12.8, kEllipseB = 7.2;
// Heart: two lobes (discs) above a convex pentagon whose lower vertex is the tip; y points down.
constexpr double kLobeRadius = 5.2, kLobeX = 4.5, kLobeY = -4.0;
constexpr double kHeartPoly[5][2] = {
    {0.0, 8.8}, {8.3701, -0.5269}, {4.5, -4.0}, {-4.5, -4.0}, {-8.3701, -0.5269}};
// Largest distance of any shape point from the reference point at scale 1 (the square's half-diagonal).
constexpr double kMaxRadius = 13.58;

bool inside_heart(double u, double v) {
  const double r2 = kLobeRadius * kLobeRadius;
  double dy = v - kLobeY;
  if ((u - kLobeX) * (u - kLobeX) + dy * dy <= r2) return true;
  if ((u + kLobeX) * (u + kLobeX) + dy * dy <= r2) return true;
  // Convex polygon, vertices in counter-clockwise order on screen (y down): inside iff no edge has the
  // point on its outer side.
  for (int i = 0; i < 5; ++i) {
    const double* a = kHeartPoly[i];
    const double* b = kHeartPoly[(i + 1) % 5];
    double cross = (b[0] - a[0]) * (v - a[1]) - (b[1] - a[1]) * (u - a[0]);
    if (cross > 0) return false;
  }
  return true;
}

}  // namespace

std::vector<double> linspace(double start, double stop, int n) {
  std::vector<double> out(n);
  if (n == 1) {
    out[0] = start;
    return out;
  }
  const double step = (stop - start) / (n - 1);
  for (int i = 0; i < n; ++i) out[i] = start + i * step;
  out[n - 1] = stop;
  return out;
}

std::vector<Factor> factors() {
  std::vector<Factor> f(kNumFactors);
  for (int k = 0; k < kNumFactors; ++k) f[k].name = kNames[k];
  f[0].values = {1.0};
  f[1].values = {1.0, 2.0, 3.0};
  f[2].values = linspace(0.5, 1.0, 6);
  f[3].values = linspace(0.0, kTwoPi, 40);
  f[4].values = linspace(0.0, 1.0, 32);
  f[5].values = linspace(0.0, 1.0, 32);
  return f;
}

std::int64_t flat_index(const std::int64_t* c) {
  std::int64_t idx = 0;
  for (int k = 0; k < kNumFactors; ++k) idx = idx * kFactorSizes[k] + c[k];
  return idx;
}

void classes_of(std::int64_t index, std::int64_t* c) {
  for (int k = kNumFactors; k-- > 0;) {
    c[k] = index % kFactorSizes[k];
    index /= kFactorSizes[k];
  }
}

bool inside(int shape, double u, double v) {
  switch (shape) {
    case kSquare:
      return std::fabs(u) <= kSquareHalf && std::fabs(v) <= kSquareHalf;
    case kEllipse:
      return (u / kEllipseA) * (u / kEllipseA) + (v / kEllipseB) * (v / kEllipseB) <= 1.0;
    default:
      return inside_heart(u, v);
  }
}

void render_mask(int shape, double scale, double orientation, double pos_x, double pos_y,
                 std::uint8_t* out) {
  std::memset(out, 0, kSize * kSize);
  // Orientation 2*pi is the same sprite as 0 (the release's 18,432 duplicate pairs); reduce it exactly.
  if (orientation >= kTwoPi) orientation -= kTwoPi;
  const double c = std::cos(orientation), s = std::sin(orientation);
  const double cx = 16.0 + 32.0 * pos_x, cy = 16.0 + 32.0 * pos_y;
  const double reach = kMaxRadius * scale + 1.0;
  const int x0 = std::max(0, static_cast<int>(std::floor(cx - reach)));
  const int x1 = std::min(kSize - 1, static_cast<int>(std::ceil(cx + reach)));
  const int y0 = std::max(0, static_cast<int>(std::floor(cy - reach)));
  const int y1 = std::min(kSize - 1, static_cast<int>(std::ceil(cy + reach)));
  const double inv = 1.0 / scale;
  for (int j = y0; j <= y1; ++j) {
    const double py = j + 0.5 - cy;
    for (int i = x0; i <= x1; ++i) {
      const double px = i + 0.5 - cx;
      // Counter-clockwise rotation on screen: map the pixel offset into the shape's local frame.
      const double u = (px * c - py * s) * inv;
      const double v = (px * s + py * c) * inv;
      out[j * kSize + i] = inside(shape, u, v) ? 1 : 0;
    }
  }
}

void render_mask(const std::int64_t* classes, std::uint8_t* out) {
  static const std::vector<Factor> f = factors();
  render_mask(static_cast<int>(classes[1]), f[2].values[classes[2]], f[3].values[classes[3]],
              f[4].values[classes[4]], f[5].values[classes[5]], out);
}

}  // namespace fb::data::dsprites
