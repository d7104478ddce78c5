#include "datagen/scene_util.h"

#include <cmath>

#include "core/error.h"

namespace fb::data {

namespace scene {

r3d::Vec3 hsv(float h, float s, float v) {
  const float hh = (h - std::floor(h)) * 6.0f;
  const int i = static_cast<int>(hh) % 6;
  const float f = hh - std::floor(hh), p = v * (1 - s), q = v * (1 - s * f),
              t = v * (1 - s * (1 - f));
  switch (i) {
    case 0:
      return {v, t, p};
    case 1:
      return {q, v, p};
    case 2:
      return {p, v, t};
    case 3:
      return {p, q, v};
    case 4:
      return {t, p, v};
    default:
      return {v, p, q};
  }
}

r3d::Mat4 segment(const r3d::Vec3& a, const r3d::Vec3& b, float radius) {
  const r3d::Vec3 d = b - a;
  const float len = r3d::length(d);
  const r3d::Vec3 z = d * (1.0f / len);
  const r3d::Vec3 helper = std::fabs(z.z) < 0.9f ? r3d::Vec3{0, 0, 1} : r3d::Vec3{1, 0, 0};
  const r3d::Vec3 x = r3d::normalize(r3d::cross(helper, z)), y = r3d::cross(z, x);
  r3d::Mat4 m;
  const r3d::Vec3 mid = (a + b) * 0.5f;
  const r3d::Vec3 cols[3] = {x * radius, y * radius, z * (len / 2)};
  for (int c = 0; c < 3; ++c) m.m[0][c] = cols[c].x, m.m[1][c] = cols[c].y, m.m[2][c] = cols[c].z;
  m.m[0][3] = mid.x, m.m[1][3] = mid.y, m.m[2][3] = mid.z;
  return m;
}

std::vector<double> unit_values(int m) {
  std::vector<double> v(static_cast<std::size_t>(m));
  for (int i = 0; i < m; ++i) v[i] = m > 1 ? static_cast<double>(i) / (m - 1) : 0.0;
  return v;
}

std::vector<double> index_values(int m) {
  std::vector<double> v(static_cast<std::size_t>(m));
  for (int i = 0; i < m; ++i) v[i] = i;
  return v;
}

float focal(float fov_deg, int size) {
  return static_cast<float>(size / 2.0 / std::tan(fov_deg * 3.14159265358979 / 360.0));
}

r3d::Camera light_camera(const r3d::Vec3& direction, const r3d::Vec3& centre, float half,
                         int size) {
  const r3d::Vec3 eye = centre + r3d::normalize(direction) * 20.0f;
  return r3d::Camera::orthographic(eye, centre, {0, 0, 1}, half, size, 1.0f, 40.0f);
}

}  // namespace scene

}  // namespace fb::data
