#include "datagen/mesh3d.h"

#include <cmath>

namespace fb::data::r3d {

namespace {

constexpr float kPi = 3.14159265358979f;

// Surface of revolution about z through the profile points (radius, z) with per-point profile normals
// (radial, axial); consecutive points joined by smooth bands.
Mesh lathe(const std::vector<float>& radius, const std::vector<float>& z,
           const std::vector<float>& nr, const std::vector<float>& nz, int segments) {
  Mesh m;
  const int rows = static_cast<int>(radius.size());
  for (int i = 0; i < rows; ++i)
    for (int s = 0; s <= segments; ++s) {
      const float a = 2 * kPi * static_cast<float>(s) / segments;
      const float c = std::cos(a), sn = std::sin(a);
      m.positions.push_back({radius[i] * c, radius[i] * sn, z[i]});
      m.normals.push_back(normalize(Vec3{nr[i] * c, nr[i] * sn, nz[i]}));
    }
  const auto stride = static_cast<std::uint32_t>(segments + 1);
  for (int i = 0; i + 1 < rows; ++i)
    for (int s = 0; s < segments; ++s) {
      // Profiles run from bottom to top: (i, s) -> (i, s+1) -> (i+1, s+1) is counter-clockwise outside.
      const std::uint32_t a = i * stride + s, b = a + 1, c = a + stride + 1, d = a + stride;
      if (radius[i] > 0) m.indices.insert(m.indices.end(), {a, b, c});
      if (radius[i + 1] > 0) m.indices.insert(m.indices.end(), {a, c, d});
    }
  return m;
}

// Flat polygon cap at height z with normal +z (up) or -z, as a triangle fan around its centre.
void add_cap(Mesh& m, float r, float z, int segments, bool up, float phase = 0) {
  const auto centre = static_cast<std::uint32_t>(m.positions.size());
  const Vec3 n{0, 0, up ? 1.0f : -1.0f};
  m.positions.push_back({0, 0, z});
  m.normals.push_back(n);
  for (int s = 0; s <= segments; ++s) {
    const float a = phase + 2 * kPi * static_cast<float>(s) / segments;
    m.positions.push_back({r * std::cos(a), r * std::sin(a), z});
    m.normals.push_back(n);
  }
  for (int s = 0; s < segments; ++s) {
    const std::uint32_t a = centre + 1 + s, b = a + 1;
    if (up)
      m.indices.insert(m.indices.end(), {centre, a, b});
    else
      m.indices.insert(m.indices.end(), {centre, b, a});
  }
}

}  // namespace

void Mesh::append(const Mesh& other, const Mat4& transform) {
  const auto base = static_cast<std::uint32_t>(positions.size());
  const Mat4 nm = transform.normal_matrix();
  for (const auto& p : other.positions) positions.push_back(transform.point(p));
  for (const auto& n : other.normals) normals.push_back(normalize(nm.direction(n)));
  for (auto i : other.indices) indices.push_back(base + i);
}

void Mesh::add_quad(const Vec3& a, const Vec3& b, const Vec3& c, const Vec3& d) {
  const auto base = static_cast<std::uint32_t>(positions.size());
  const Vec3 n = normalize(cross(b - a, c - a));
  for (const auto& p : {a, b, c, d}) {
    positions.push_back(p);
    normals.push_back(n);
  }
  indices.insert(indices.end(), {base, base + 1, base + 2, base, base + 2, base + 3});
}

Mesh box(const Vec3& h) {
  Mesh m;
  const Vec3 p[8] = {{-h.x, -h.y, -h.z}, {h.x, -h.y, -h.z}, {h.x, h.y, -h.z}, {-h.x, h.y, -h.z},
                     {-h.x, -h.y, h.z},  {h.x, -h.y, h.z},  {h.x, h.y, h.z},  {-h.x, h.y, h.z}};
  m.add_quad(p[0], p[3], p[2], p[1]);  // bottom (-z)
  m.add_quad(p[4], p[5], p[6], p[7]);  // top (+z)
  m.add_quad(p[0], p[1], p[5], p[4]);  // -y
  m.add_quad(p[1], p[2], p[6], p[5]);  // +x
  m.add_quad(p[2], p[3], p[7], p[6]);  // +y
  m.add_quad(p[3], p[0], p[4], p[7]);  // -x
  return m;
}

Mesh cube() { return box({0.5f, 0.5f, 0.5f}); }

Mesh cylinder(float r, float h, int segments) {
  Mesh m = lathe({r, r}, {-h, h}, {1, 1}, {0, 0}, segments);
  add_cap(m, r, h, segments, true);
  add_cap(m, r, -h, segments, false);
  return m;
}

Mesh cone(float r, float h, int segments) {
  // Side normal tilts up by the half-angle: (2h, r) normalised in the (radial, axial) plane.
  Mesh m = lathe({r, 0}, {-h, h}, {2 * h, 2 * h}, {r, r}, segments);
  add_cap(m, r, -h, segments, false);
  return m;
}

Mesh prism(float r, float h, int sides) {
  Mesh m;
  for (int s = 0; s < sides; ++s) {
    const float a0 = 2 * kPi * s / sides, a1 = 2 * kPi * (s + 1) / sides;
    const Vec3 p0{r * std::cos(a0), r * std::sin(a0), -h},
        p1{r * std::cos(a1), r * std::sin(a1), -h};
    m.add_quad(p0, p1, {p1.x, p1.y, h}, {p0.x, p0.y, h});
  }
  add_cap(m, r, h, sides, true);
  add_cap(m, r, -h, sides, false);
  return m;
}

Mesh pyramid(float r, float h) {
  Mesh m;
  const Vec3 apex{0, 0, h};
  const Vec3 base[4] = {{-r, -r, -h}, {r, -r, -h}, {r, r, -h}, {-r, r, -h}};
  for (int s = 0; s < 4; ++s) {
    const Vec3 a = base[s], b = base[(s + 1) % 4];
    const auto i = static_cast<std::uint32_t>(m.positions.size());
    const Vec3 n = normalize(cross(b - a, apex - a));
    for (const auto& p : {a, b, apex}) {
      m.positions.push_back(p);
      m.normals.push_back(n);
    }
    m.indices.insert(m.indices.end(), {i, i + 1, i + 2});
  }
  m.add_quad(base[0], base[3], base[2], base[1]);
  return m;
}

Mesh sphere(float r, int segments, int rings) { return capsule(r, 0, segments, rings); }

Mesh capsule(float r, float h, int segments, int rings) {
  // Profile from the south pole to the north pole; the equator row is doubled when h > 0 so the flat
  // part gets its own band.
  std::vector<float> radius, z, nr, nz;
  auto ring = [&](int i, float offset) {
    const float phi = -kPi / 2 + kPi * static_cast<float>(i) / rings;
    radius.push_back(r * std::cos(phi));
    z.push_back(r * std::sin(phi) + offset);
    nr.push_back(std::cos(phi));
    nz.push_back(std::sin(phi));
  };
  for (int i = 0; i <= rings / 2; ++i) ring(i, -h);
  for (int i = rings / 2 + (h > 0 ? 0 : 1); i <= rings; ++i) ring(i, h);
  for (auto& x : radius) x = std::fabs(x) < 1e-6f * r ? 0.0f : x;
  return lathe(radius, z, nr, nz, segments);
}

}  // namespace fb::data::r3d
