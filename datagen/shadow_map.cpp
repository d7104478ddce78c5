// The shadow map: depth from the light's camera, and the percentage-closer visibility of a point.
#include "datagen/rasteriser3d.h"

#include <algorithm>
#include <cmath>

namespace fb::data::r3d {

ShadowMap::ShadowMap(int size, int radius, float bias)
    : target_(size, size, 1), size_(size), radius_(radius), bias_(bias) {}

void ShadowMap::begin(const Camera& camera) { target_.begin(camera, {0, 0, 0}); }

float ShadowMap::visibility(const Vec3& p) const {
  const Vec4 c = target_.camera().view_projection.homogeneous(p);
  const float iw = 1.0f / c.w;
  const float u = c.x * iw, v = c.y * iw, z = c.z * iw - bias_;
  const int cx = static_cast<int>(std::floor(u)), cy = static_cast<int>(std::floor(v));
  if (cx < 0 || cy < 0 || cx >= size_ || cy >= size_) return 1.0f;
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
