#include "datagen/teapot_mesh.h"

#include <array>
#include <cmath>

namespace fb::data::r3d {

namespace {

// Control points, 127 x (x, y, z): rim/body/lid/bottom in the quarter y <= 0, x >= 0; handle and spout
// in the half y <= 0. Grouped roughly by the part that first uses them.
constexpr float kPoints[127][3] = {
    // 0-3: lid knob base
    {0.2f, 0, 2.7f},
    {0.2f, -0.112f, 2.7f},
    {0.112f, -0.2f, 2.7f},
    {0, -0.2f, 2.7f},
    // 4-11: rim
    {1.3375f, 0, 2.53125f},
    {1.3375f, -0.749f, 2.53125f},
    {0.749f, -1.3375f, 2.53125f},
    {0, -1.3375f, 2.53125f},
    {1.4375f, 0, 2.53125f},
    {1.4375f, -0.805f, 2.53125f},
    {0.805f, -1.4375f, 2.53125f},
    {0, -1.4375f, 2.53125f},
    // 12-40: body, top to bottom (28 is also used by the handle)
    {1.5f, 0, 2.4f},
    {1.5f, -0.84f, 2.4f},
    {0.84f, -1.5f, 2.4f},
    {0, -1.5f, 2.4f},
    {1.75f, 0, 1.875f},
    {1.75f, -0.98f, 1.875f},
    {0.98f, -1.75f, 1.875f},
    {0, -1.75f, 1.875f},
    {2, 0, 1.35f},
    {2, -1.12f, 1.35f},
    {1.12f, -2, 1.35f},
    {0, -2, 1.35f},
    {2, 0, 0.9f},
    {2, -1.12f, 0.9f},
    {1.12f, -2, 0.9f},
    {0, -2, 0.9f},
    {-2, 0, 0.9f},
    {2, 0, 0.45f},
    {2, -1.12f, 0.45f},
    {1.12f, -2, 0.45f},
    {0, -2, 0.45f},
    {1.5f, 0, 0.225f},
    {1.5f, -0.84f, 0.225f},
    {0.84f, -1.5f, 0.225f},
    {0, -1.5f, 0.225f},
    {1.5f, 0, 0.15f},
    {1.5f, -0.84f, 0.15f},
    {0.84f, -1.5f, 0.15f},
    {0, -1.5f, 0.15f},
    // 41-67: handle
    {-1.6f, 0, 2.025f},
    {-1.6f, -0.3f, 2.025f},
    {-1.5f, -0.3f, 2.25f},
    {-1.5f, 0, 2.25f},
    {-2.3f, 0, 2.025f},
    {-2.3f, -0.3f, 2.025f},
    {-2.5f, -0.3f, 2.25f},
    {-2.5f, 0, 2.25f},
    {-2.7f, 0, 2.025f},
    {-2.7f, -0.3f, 2.025f},
    {-3, -0.3f, 2.25f},
    {-3, 0, 2.25f},
    {-2.7f, 0, 1.8f},
    {-2.7f, -0.3f, 1.8f},
    {-3, -0.3f, 1.8f},
    {-3, 0, 1.8f},
    {-2.7f, 0, 1.575f},
    {-2.7f, -0.3f, 1.575f},
    {-3, -0.3f, 1.35f},
    {-3, 0, 1.35f},
    {-2.5f, 0, 1.125f},
    {-2.5f, -0.3f, 1.125f},
    {-2.65f, -0.3f, 0.9375f},
    {-2.65f, 0, 0.9375f},
    {-2, -0.3f, 0.9f},
    {-1.9f, -0.3f, 0.6f},
    {-1.9f, 0, 0.6f},
    // 68-95: spout
    {1.7f, 0, 1.425f},
    {1.7f, -0.66f, 1.425f},
    {1.7f, -0.66f, 0.6f},
    {1.7f, 0, 0.6f},
    {2.6f, 0, 1.425f},
    {2.6f, -0.66f, 1.425f},
    {3.1f, -0.66f, 0.825f},
    {3.1f, 0, 0.825f},
    {2.3f, 0, 2.1f},
    {2.3f, -0.25f, 2.1f},
    {2.4f, -0.25f, 2.025f},
    {2.4f, 0, 2.025f},
    {2.7f, 0, 2.4f},
    {2.7f, -0.25f, 2.4f},
    {3.3f, -0.25f, 2.4f},
    {3.3f, 0, 2.4f},
    {2.8f, 0, 2.475f},
    {2.8f, -0.25f, 2.475f},
    {3.525f, -0.25f, 2.49375f},
    {3.525f, 0, 2.49375f},
    {2.9f, 0, 2.475f},
    {2.9f, -0.15f, 2.475f},
    {3.45f, -0.15f, 2.5125f},
    {3.45f, 0, 2.5125f},
    {2.8f, 0, 2.4f},
    {2.8f, -0.15f, 2.4f},
    {3.2f, -0.15f, 2.4f},
    {3.2f, 0, 2.4f},
    // 96-101: lid top
    {0, 0, 3.15f},
    {0.8f, 0, 3.15f},
    {0.8f, -0.45f, 3.15f},
    {0.45f, -0.8f, 3.15f},
    {0, -0.8f, 3.15f},
    {0, 0, 2.85f},
    // 102-105: rim inner edge
    {1.4f, 0, 2.4f},
    {1.4f, -0.784f, 2.4f},
    {0.784f, -1.4f, 2.4f},
    {0, -1.4f, 2.4f},
    // 106-117: lid
    {0.4f, 0, 2.55f},
    {0.4f, -0.224f, 2.55f},
    {0.224f, -0.4f, 2.55f},
    {0, -0.4f, 2.55f},
    {1.3f, 0, 2.55f},
    {1.3f, -0.728f, 2.55f},
    {0.728f, -1.3f, 2.55f},
    {0, -1.3f, 2.55f},
    {1.3f, 0, 2.4f},
    {1.3f, -0.728f, 2.4f},
    {0.728f, -1.3f, 2.4f},
    {0, -1.3f, 2.4f},
    // 118-126: bottom
    {0, 0, 0},
    {1.425f, -0.798f, 0},
    {1.5f, 0, 0.075f},
    {1.425f, 0, 0},
    {0.798f, -1.425f, 0},
    {0, -1.5f, 0.075f},
    {0, -1.425f, 0},
    {1.5f, -0.84f, 0.075f},
    {0.84f, -1.5f, 0.075f},
};

struct BasePatch {
  std::array<std::uint8_t, 16> cp;  // control point indices, row-major 4x4
  int copies;                       // 4: mirrored in x and y; 2: mirrored in y only
};

constexpr BasePatch kPatches[10] = {
    {{102, 103, 104, 105, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, 4},            // rim
    {{12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27}, 4},          // body, upper
    {{24, 25, 26, 27, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40}, 4},          // body, lower
    {{96, 96, 96, 96, 97, 98, 99, 100, 101, 101, 101, 101, 0, 1, 2, 3}, 4},         // lid knob
    {{0, 1, 2, 3, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117}, 4},  // lid
    {{118, 118, 118, 118, 124, 122, 119, 121, 123, 126, 125, 120, 40, 39, 38, 37}, 4},  // bottom
    {{41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56}, 2},  // handle, upper
    {{53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 28, 65, 66, 67}, 2},  // handle, lower
    {{68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83}, 2},  // spout, base
    {{80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95}, 2},  // spout, tip
};

// Copy c of a base patch: 0 as is, 1 mirrored in y, 2 mirrored in x, 3 mirrored in both. A single
// mirror reverses the column order too, so every copy keeps the base patch's orientation.
void expand(const BasePatch& base, int copy, Vec3* out) {
  const bool my = copy == 1 || copy == 3, mx = copy == 2 || copy == 3,
             flip = copy == 1 || copy == 2;
  for (int r = 0; r < 4; ++r)
    for (int c = 0; c < 4; ++c) {
      const float* p = kPoints[base.cp[r * 4 + (flip ? 3 - c : c)]];
      out[r * 4 + c] = {mx ? -p[0] : p[0], my ? -p[1] : p[1], p[2]};
    }
}

void bernstein(float t, float* b, float* d) {
  const float s = 1 - t;
  b[0] = s * s * s, b[1] = 3 * t * s * s, b[2] = 3 * t * t * s, b[3] = t * t * t;
  d[0] = -3 * s * s, d[1] = 3 * s * s - 6 * t * s, d[2] = 6 * t * s - 3 * t * t, d[3] = 3 * t * t;
}

// Point and (unnormalised) normal of a patch at (u, v): u runs along rows, v along columns.
void evaluate(const Vec3* cp, float u, float v, Vec3* p, Vec3* n) {
  float bu[4], du[4], bv[4], dv[4];
  bernstein(u, bu, du);
  bernstein(v, bv, dv);
  Vec3 pu{0, 0, 0}, pv{0, 0, 0}, pp{0, 0, 0};
  for (int r = 0; r < 4; ++r)
    for (int c = 0; c < 4; ++c) {
      pp += cp[r * 4 + c] * (bu[r] * bv[c]);
      pu += cp[r * 4 + c] * (du[r] * bv[c]);
      pv += cp[r * 4 + c] * (bu[r] * dv[c]);
    }
  *p = pp;
  // The glut data's rows run from the top of each part downwards: dP/dv x dP/du points outward.
  *n = cross(pv, pu);
}

}  // namespace

int teapot_patch_count() {
  int n = 0;
  for (const auto& b : kPatches) n += b.copies;
  return n;
}

void teapot_patch(int p, Vec3* control) {
  for (const auto& b : kPatches) {
    if (p < b.copies) return expand(b, p, control);
    p -= b.copies;
  }
}

void teapot_bounds(Vec3* lo, Vec3* hi) {
  *lo = {1e9f, 1e9f, 1e9f};
  *hi = {-1e9f, -1e9f, -1e9f};
  for (const auto& p : kPoints)
    for (float sy : {-1.0f, 1.0f}) {  // the mirror images of the quarter data reach y > 0
      lo->x = std::fmin(lo->x, p[0]), hi->x = std::fmax(hi->x, p[0]);
      lo->y = std::fmin(lo->y, sy * p[1]), hi->y = std::fmax(hi->y, sy * p[1]);
      lo->z = std::fmin(lo->z, p[2]), hi->z = std::fmax(hi->z, p[2]);
    }
}

Mesh teapot_mesh(int n, const std::function<bool(int)>& keep) {
  Mesh m;
  Vec3 cp[16];
  const int patches = teapot_patch_count();
  for (int p = 0; p < patches; ++p) {
    if (keep && !keep(p)) continue;
    teapot_patch(p, cp);
    const auto base = static_cast<std::uint32_t>(m.positions.size());
    for (int i = 0; i <= n; ++i)
      for (int j = 0; j <= n; ++j) {
        const float u = static_cast<float>(i) / n, v = static_cast<float>(j) / n;
        Vec3 pos, nor;
        evaluate(cp, u, v, &pos, &nor);
        if (length(nor) < 1e-6f) {
          // A pole (collapsed row of control points): take the normal a little way into the patch.
          Vec3 unused;
          evaluate(cp, u < 0.5f ? u + 1e-3f : u - 1e-3f, v, &unused, &nor);
        }
        m.positions.push_back(pos);
        m.normals.push_back(normalize(nor));
      }
    const auto stride = static_cast<std::uint32_t>(n + 1);
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < n; ++j) {
        const std::uint32_t a = base + i * stride + j, b = a + 1, c = a + stride + 1,
                            d = a + stride;
        for (const auto& tri :
             {std::array<std::uint32_t, 3>{a, b, c}, std::array<std::uint32_t, 3>{a, c, d}}) {
          const Vec3 face = cross(m.positions[tri[1]] - m.positions[tri[0]],
                                  m.positions[tri[2]] - m.positions[tri[0]]);
          if (length(face) < 1e-9f) continue;  // degenerate at the poles
          const Vec3 avg = m.normals[tri[0]] + m.normals[tri[1]] + m.normals[tri[2]];
          // Wind each triangle so its geometric normal agrees with the outward analytic normal.
          if (dot(face, avg) >= 0)
            m.indices.insert(m.indices.end(), {tri[0], tri[1], tri[2]});
          else
            m.indices.insert(m.indices.end(), {tri[0], tri[2], tri[1]});
        }
      }
  }
  return m;
}

}  // namespace fb::data::r3d
