// Small 3D vector and matrix types for the software renderer (float, column vectors, right-handed).
#pragma once

#include <cmath>

namespace fb::data::r3d {

struct Vec3 {
  float x = 0, y = 0, z = 0;
  Vec3() = default;
  constexpr Vec3(float x_, float y_, float z_) : x(x_), y(y_), z(z_) {}
  Vec3 operator+(const Vec3& o) const { return {x + o.x, y + o.y, z + o.z}; }
  Vec3 operator-(const Vec3& o) const { return {x - o.x, y - o.y, z - o.z}; }
  Vec3 operator-() const { return {-x, -y, -z}; }
  Vec3 operator*(float s) const { return {x * s, y * s, z * s}; }
  Vec3 operator*(const Vec3& o) const { return {x * o.x, y * o.y, z * o.z}; }  ///< component-wise
  Vec3& operator+=(const Vec3& o) { return *this = *this + o; }
};

inline float dot(const Vec3& a, const Vec3& b) { return a.x * b.x + a.y * b.y + a.z * b.z; }
inline Vec3 cross(const Vec3& a, const Vec3& b) {
  return {a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x};
}
inline float length(const Vec3& a) { return std::sqrt(dot(a, a)); }
inline Vec3 normalize(const Vec3& a) {
  const float l = length(a);
  return l > 0 ? a * (1.0f / l) : a;
}

/// Homogeneous 4-vector (clip space).
struct Vec4 {
  float x = 0, y = 0, z = 0, w = 0;
};

/// 4x4 matrix, row-major storage, acting on column vectors: p' = M p.
struct Mat4 {
  float m[4][4] = {{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}};

  static Mat4 identity() { return {}; }
  static Mat4 translation(const Vec3& t) {
    Mat4 r;
    r.m[0][3] = t.x;
    r.m[1][3] = t.y;
    r.m[2][3] = t.z;
    return r;
  }
  static Mat4 scale(const Vec3& s) {
    Mat4 r;
    r.m[0][0] = s.x;
    r.m[1][1] = s.y;
    r.m[2][2] = s.z;
    return r;
  }
  /// Rotation by `angle` radians about the x, y or z axis (counter-clockwise looking down the axis).
  static Mat4 rotation_x(float angle) {
    Mat4 r;
    const float c = std::cos(angle), s = std::sin(angle);
    r.m[1][1] = c, r.m[1][2] = -s, r.m[2][1] = s, r.m[2][2] = c;
    return r;
  }
  static Mat4 rotation_y(float angle) {
    Mat4 r;
    const float c = std::cos(angle), s = std::sin(angle);
    r.m[0][0] = c, r.m[0][2] = s, r.m[2][0] = -s, r.m[2][2] = c;
    return r;
  }
  static Mat4 rotation_z(float angle) {
    Mat4 r;
    const float c = std::cos(angle), s = std::sin(angle);
    r.m[0][0] = c, r.m[0][1] = -s, r.m[1][0] = s, r.m[1][1] = c;
    return r;
  }

  Mat4 operator*(const Mat4& o) const {
    Mat4 r;
    for (int i = 0; i < 4; ++i)
      for (int j = 0; j < 4; ++j)
        r.m[i][j] =
            m[i][0] * o.m[0][j] + m[i][1] * o.m[1][j] + m[i][2] * o.m[2][j] + m[i][3] * o.m[3][j];
    return r;
  }
  Vec3 point(const Vec3& p) const {
    return {m[0][0] * p.x + m[0][1] * p.y + m[0][2] * p.z + m[0][3],
            m[1][0] * p.x + m[1][1] * p.y + m[1][2] * p.z + m[1][3],
            m[2][0] * p.x + m[2][1] * p.y + m[2][2] * p.z + m[2][3]};
  }
  Vec3 direction(const Vec3& d) const {
    return {m[0][0] * d.x + m[0][1] * d.y + m[0][2] * d.z,
            m[1][0] * d.x + m[1][1] * d.y + m[1][2] * d.z,
            m[2][0] * d.x + m[2][1] * d.y + m[2][2] * d.z};
  }
  Vec4 homogeneous(const Vec3& p) const {
    return {m[0][0] * p.x + m[0][1] * p.y + m[0][2] * p.z + m[0][3],
            m[1][0] * p.x + m[1][1] * p.y + m[1][2] * p.z + m[1][3],
            m[2][0] * p.x + m[2][1] * p.y + m[2][2] * p.z + m[2][3],
            m[3][0] * p.x + m[3][1] * p.y + m[3][2] * p.z + m[3][3]};
  }
  /// Inverse transpose of the upper 3x3 block: maps normals under this transform.
  Mat4 normal_matrix() const {
    const float a = m[0][0], b = m[0][1], c = m[0][2], d = m[1][0], e = m[1][1], f = m[1][2],
                g = m[2][0], h = m[2][1], i = m[2][2];
    const float A = e * i - f * h, B = f * g - d * i, C = d * h - e * g;
    const float det = a * A + b * B + c * C;
    const float s = det != 0 ? 1.0f / det : 0.0f;
    Mat4 r;  // transpose of the inverse = cofactor matrix / det
    r.m[0][0] = A * s, r.m[0][1] = B * s, r.m[0][2] = C * s;
    r.m[1][0] = (c * h - b * i) * s, r.m[1][1] = (a * i - c * g) * s,
    r.m[1][2] = (b * g - a * h) * s;
    r.m[2][0] = (b * f - c * e) * s, r.m[2][1] = (c * d - a * f) * s,
    r.m[2][2] = (a * e - b * d) * s;
    return r;
  }
};

}  // namespace fb::data::r3d
