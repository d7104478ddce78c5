// Cameras: a pinhole camera looking at a target and an orthographic one (shadow maps).
#include "datagen/rasteriser3d.h"

#include <cmath>

namespace fb::data::r3d {

namespace {
// World -> camera rows: right, down, forward.
Mat4 view_matrix(const Vec3& eye, const Vec3& target, const Vec3& up) {
  const Vec3 f = normalize(target - eye);
  Vec3 r = cross(f, up);
  if (length(r) < 1e-6f) r = cross(f, Vec3{0, 1, 0});  // looking straight along `up`
  r = normalize(r);
  const Vec3 d = cross(f, r);
  Mat4 v;
  const Vec3 rows[3] = {r, d, f};
  for (int i = 0; i < 3; ++i) {
    v.m[i][0] = rows[i].x, v.m[i][1] = rows[i].y, v.m[i][2] = rows[i].z;
    v.m[i][3] = -dot(rows[i], eye);
  }
  return v;
}
}  // namespace

Camera Camera::look_at(const Vec3& eye, const Vec3& target, const Vec3& up, float focal_px,
                       float cx, float cy, float near, float far) {
  Camera c;
  c.eye = eye;
  c.view = view_matrix(eye, target, up);
  // x = f X + cx Z, y = f Y + cy Z, w = Z; depth z/w = (Z - near) far / ((far - near) Z), 0 at near, 1 at far.
  Mat4& p = c.projection;
  const float a = far / (far - near);
  p.m[0][0] = focal_px, p.m[0][1] = 0, p.m[0][2] = cx, p.m[0][3] = 0;
  p.m[1][0] = 0, p.m[1][1] = focal_px, p.m[1][2] = cy, p.m[1][3] = 0;
  p.m[2][0] = 0, p.m[2][1] = 0, p.m[2][2] = a, p.m[2][3] = -a * near;
  p.m[3][0] = 0, p.m[3][1] = 0, p.m[3][2] = 1, p.m[3][3] = 0;
  c.view_projection = c.projection * c.view;
  return c;
}

Camera Camera::orthographic(const Vec3& eye, const Vec3& target, const Vec3& up, float half,
                            int size, float near, float far) {
  Camera c;
  c.eye = eye;
  c.perspective = false;
  c.view = view_matrix(eye, target, up);
  const float s = static_cast<float>(size) / (2 * half);
  Mat4& p = c.projection;
  p.m[0][0] = s, p.m[0][3] = size / 2.0f;
  p.m[1][1] = s, p.m[1][3] = size / 2.0f;
  p.m[2][2] = 1 / (far - near), p.m[2][3] = -near / (far - near);
  c.view_projection = c.projection * c.view;
  return c;
}

}  // namespace fb::data::r3d
