// The shadow map: depth from the light's camera, and the percentage-closer visibility of a point.
#include "datagen/rasteriser3d.h"

#include <algorithm>
#include <cmath>

namespace fb::data::r3d {

ShadowMap::ShadowMap(int size, int radius, float bias)
    : target_(size, size, 1), size_(size), radius_(radius), bias_(bias) {}

void ShadowMap::begin(const Camera& camera) {
  target_.begin(camera, {0, 0, 0});
  casters_found_ = false;
}

void ShadowMap::find_casters() const {
  x0_ = y0_ = size_;
  x1_ = y1_ = -1;
  const auto& depth = target_.depth();
  for (int y = 0; y < size_; ++y) {
    const float* row = depth.data() + static_cast<std::size_t>(y) * size_;
    int first = 0;
    while (first < size_ && row[first] >= 1.0f) ++first;
    if (first == size_) continue;
    int last = size_ - 1;
    while (row[last] >= 1.0f) --last;
    x0_ = std::min(x0_, first), x1_ = std::max(x1_, last);
    y0_ = std::min(y0_, y), y1_ = y;
  }
  casters_found_ = true;
}

float ShadowMap::visibility(const Vec3& p) const {
  const Vec4 c = target_.camera().view_projection.homogeneous(p);
  const float iw = 1.0f / c.w;
  const float u = c.x * iw, v = c.y * iw, z = c.z * iw - bias_;
  const int cx = static_cast<int>(std::floor(u)), cy = static_cast<int>(std::floor(v));
  if (cx < 0 || cy < 0 || cx >= size_ || cy >= size_) return 1.0f;
  if (!casters_found_) find_casters();
  // The kernel's texels (clamped to the map) all lie outside the casters' box: each holds the far
  // plane's depth 1 (begin() clears to it and draws only lower it), so every tap agrees.
  if (std::max(cx - radius_, 0) > x1_ || std::min(cx + radius_, size_ - 1) < x0_ ||
      std::max(cy - radius_, 0) > y1_ || std::min(cy + radius_, size_ - 1) < y0_)
    return z <= 1.0f ? 1.0f : 0.0f;
  const auto& depth = target_.depth();
  int lit = 0, total = 0;
  for (int dy = -radius_; dy <= radius_; ++dy)
    for (int dx = -radius_; dx <= radius_; ++dx) {
      const int x = std::clamp(cx + dx, 0, size_ - 1), y = std::clamp(cy + dy, 0, size_ - 1);
      lit += z <= depth[static_cast<std::size_t>(y) * size_ + x];
      ++total;
    }
  return static_cast<float>(lit) / static_cast<float>(total);
}

}  // namespace fb::data::r3d
