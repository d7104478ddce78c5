#include "datagen/rasteriser3d.h"

#include <emmintrin.h>  // SSE2: part of x86-64, no dispatch needed

#include <algorithm>
#include <cmath>
#include <cstring>
#include <type_traits>

#include "datagen/shading3d.h"
#include "datagen/simd4.h"

namespace fb::data::r3d {

namespace {

constexpr int kMaxVaryings = Rasteriser::kMaxVaryings;
constexpr int kSubBits = 4;  // vertices snap to 1/16 of a sample
constexpr std::int64_t kSub = 1 << kSubBits;
constexpr std::int64_t kHalf = kSub / 2;  // sample centres sit at half-sample offsets
// Bound for 32-bit edge functions. Inside the guard band (one frame on each side) a snapped coordinate
// lies in [-16 S, 32 S] for S = max(samples across, samples down), +-1 for the float rounding, so a
// difference of two vertices, or of a vertex and a sample centre in a triangle's box (or up to three
// samples or one row past it, in fill32's groups), is at most D = 48 S + 64 in magnitude. An edge
// function or twice an area is a difference of two such products: |value| <= 2 D^2, below 2^31 when
// S <= 681; and every coordinate or difference fits in int16. Larger targets keep 64-bit arithmetic.
constexpr int kMaxSamples32 = 640;
// select_triangles(): a kept triangle with a vertex outside a clip plane (index offsets are < 2^31).
constexpr std::uint32_t kClipFlag = 1u << 31;
// Occlusion tiles (Rasteriser::hidden) are 4x4 samples.
constexpr int kTileBits = 2, kTile = 1 << kTileBits;
// fill32() computes a sample's depth as z0 + l1 (z1 - z0) + l2 (z2 - z0) with l1, l2 >= 0, l1 + l2 <= 1
// (up to rounding) and vertex depths in [0, 1]: about ten roundings of at most 2^-24 each, so no computed
// depth lies more than 2^-20 below the smallest vertex depth. A triangle is hidden when that smallest
// depth, less this (generous) slack, is still at or behind every stored depth in its box.
constexpr float kDepthSlack = 1.0f / 4096;

// Shaders: given interpolated varyings, the sample colour.
struct DepthOnly {
  static constexpr bool kWritesColor = false;
  void operator()(const float*, float*) const {}
};
struct Flat {
  static constexpr bool kWritesColor = true;
  Vec3 color;
  void operator()(const float*, float* rgb) const {
    rgb[0] = color.x, rgb[1] = color.y, rgb[2] = color.z;
  }
};
struct Interpolated {
  static constexpr bool kWritesColor = true;
  void operator()(const float* v, float* rgb) const { rgb[0] = v[0], rgb[1] = v[1], rgb[2] = v[2]; }
};

struct Phong {
  static constexpr bool kWritesColor = true;
  const Material* material;
  const Lighting* lighting;
  Vec3 eye;
  void operator()(const float* v, float* rgb) const {
    const Vec3 c = shade_point({v[0], v[1], v[2]}, normalize({v[3], v[4], v[5]}), eye, *material,
                               *lighting, material->receives_shadow);
    rgb[0] = c.x, rgb[1] = c.y, rgb[2] = c.z;
  }
};

// The colours of the samples in `pass` (a group of four as in load4, with barycentrics l1, l2) into the
// colour planes at `out` (`plane` floats apart). w0..w2: the vertices' 1/w; va..vc: their varyings.
template <int kVaryings, bool kSplit, class Shade>
inline void write_colors(const Shade& shade, __m128 pass, __m128 l1, __m128 l2, float w0, float w1,
                         float w2, const float* va, const float* vb, const float* vc, float* out,
                         std::ptrdiff_t hi, std::size_t plane) {
  if constexpr (std::is_same_v<Shade, Interpolated>) {
    // Gouraud: the interpolated colour itself, four samples at a time.
    const __m128 p0 =
        _mm_mul_ps(_mm_sub_ps(_mm_sub_ps(_mm_set1_ps(1.0f), l1), l2), _mm_set1_ps(w0));
    const __m128 p1 = _mm_mul_ps(l1, _mm_set1_ps(w1)), p2 = _mm_mul_ps(l2, _mm_set1_ps(w2));
    const __m128 rs = _mm_div_ps(_mm_set1_ps(1.0f), _mm_add_ps(_mm_add_ps(p0, p1), p2));
    for (int q = 0; q < 3; ++q) {
      const __m128 v = _mm_add_ps(
          _mm_add_ps(_mm_mul_ps(p0, _mm_set1_ps(va[q])), _mm_mul_ps(p1, _mm_set1_ps(vb[q]))),
          _mm_mul_ps(p2, _mm_set1_ps(vc[q])));
      float* c = out + q * plane;
      store4<kSplit>(c, hi, blend(pass, _mm_mul_ps(v, rs), load4<kSplit>(c, hi)));
    }
  } else {
    // Other shaders per sample, as in fill().
    alignas(16) float b1[4], b2[4];
    _mm_store_ps(b1, l1), _mm_store_ps(b2, l2);
    for (unsigned m = static_cast<unsigned>(_mm_movemask_ps(pass)); m; m &= m - 1) {
      const int k = __builtin_ctz(m);
      const float s1 = b1[k], s2 = b2[k];
      float var[kMaxVaryings], rgb[3];
      if constexpr (kVaryings > 0) {
        const float p0 = (1.0f - s1 - s2) * w0, p1 = s1 * w1, p2 = s2 * w2;
        const float rs = 1.0f / (p0 + p1 + p2);
        for (int q = 0; q < kVaryings; ++q) var[q] = (p0 * va[q] + p1 * vb[q] + p2 * vc[q]) * rs;
      }
      shade(var, rgb);
      for (int q = 0; q < 3; ++q) out[q * plane + (k & 1) + (k >> 1) * hi] = rgb[q];
    }
  }
}

}  // namespace

// ---- cameras ----

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

// ---- rasteriser ----

Rasteriser::Rasteriser(int width, int height, int supersample)
    : width_(width),
      height_(height),
      ss_(supersample),
      sw_(width * supersample),
      sh_(height * supersample),
      edge32_(std::max(sw_, sh_) <= kMaxSamples32),
      plane_(static_cast<std::size_t>(sw_) * sh_ + 3) {
  // fill32() reads and writes whole groups of four samples: 3 floats of padding after the last sample.
  color_.resize(plane_ * 3);
  depth_.resize(plane_);
  tiles_x_ = (sw_ + kTile - 1) >> kTileBits;
  const std::size_t tiles = static_cast<std::size_t>(tiles_x_) * ((sh_ + kTile - 1) >> kTileBits);
  tile_max_.resize(tiles);
  tile_stamp_.assign(tiles, 0);
}

void Rasteriser::begin(const Camera& camera, const Vec3& clear) {
  camera_ = camera;
  // Only the samples the last frame touched differ from its clear colour and depth.
  const bool same = clear.x == clear_.x && clear.y == clear_.y && clear.z == clear_.z && cleared_;
  const int x0 = same ? dirty_[0] : 0, x1 = same ? dirty_[1] : sw_ - 1;
  const int y0 = same ? dirty_[2] : 0, y1 = same ? dirty_[3] : sh_ - 1;
  for (int y = y0; y <= y1; ++y) {
    const std::size_t first = static_cast<std::size_t>(y) * sw_ + x0,
                      end = static_cast<std::size_t>(y) * sw_ + x1 + 1;
    for (int q = 0; q < 3; ++q)
      std::fill(color_.data() + q * plane_ + first, color_.data() + q * plane_ + end,
                (&clear.x)[q]);
    std::fill(depth_.data() + first, depth_.data() + end, 1.0f);
  }
  clear_ = clear;
  cleared_ = true;
  dirty_[0] = sw_, dirty_[1] = -1, dirty_[2] = sh_, dirty_[3] = -1;
}

inline Rasteriser::Projected Rasteriser::project(const Vec4& clip) const {
  // Round half away from zero (inlined; lrint would be a libm call per vertex).
  auto snap = [](float v) { return static_cast<std::int32_t>(v < 0 ? v - 0.5f : v + 0.5f); };
  const float iw = 1.0f / clip.w, scale = static_cast<float>(ss_ * kSub);
  return {snap(clip.x * iw * scale), snap(clip.y * iw * scale), clip.z * iw, iw};
}

inline bool Rasteriser::setup(const Projected* pa, const Projected* pb, const Projected* pc,
                              Cull cull, Triangle* t) const {
  const Projected &a = *pa, &b = *pb, &c = *pc;
  const std::int64_t bax = b.x - a.x, bay = b.y - a.y, cax = c.x - a.x, cay = c.y - a.y;
  std::int64_t area = bax * cay - bay * cax;
  // With y down, a triangle counter-clockwise from outside has negative area: it faces the camera.
  if (area == 0 || (area < 0 ? cull == Cull::kFront : cull == Cull::kBack)) return false;
  // Sample bounding box; an arithmetic shift is floor division by kSub (snapped coordinates may be < 0).
  const std::int64_t minx = std::min({a.x, b.x, c.x}), maxx = std::max({a.x, b.x, c.x});
  const std::int64_t miny = std::min({a.y, b.y, c.y}), maxy = std::max({a.y, b.y, c.y});
  const std::int64_t i0 = std::max<std::int64_t>(0, (minx - kHalf + kSub - 1) >> kSubBits);
  const std::int64_t i1 = std::min<std::int64_t>(sw_ - 1, (maxx - kHalf) >> kSubBits);
  const std::int64_t j0 = std::max<std::int64_t>(0, (miny - kHalf + kSub - 1) >> kSubBits);
  const std::int64_t j1 = std::min<std::int64_t>(sh_ - 1, (maxy - kHalf) >> kSubBits);
  // Most teapot triangles are a few samples large; many hold no sample centre at all.
  if (i0 > i1 || j0 > j1) return false;
  t->i0 = static_cast<int>(i0), t->i1 = static_cast<int>(i1), t->j0 = static_cast<int>(j0),
  t->j1 = static_cast<int>(j1);
  t->swapped = area < 0;  // counter-clockwise on screen: swap the last two vertices
  t->v[0] = pa, t->v[1] = t->swapped ? pc : pb, t->v[2] = t->swapped ? pb : pc;
  t->area = area < 0 ? -area : area;
  return true;
}

template <int kVaryings, class Shade>
void Rasteriser::fill(const Triangle& t, const Shade& shade) {
  // The caller has grown the dirty rectangle by the triangle's box.
  const int i0 = t.i0, i1 = t.i1, j0 = t.j0, j1 = t.j1;
  const Projected &v0 = *t.v[0], &v1 = *t.v[1], &v2 = *t.v[2];

  // Edge e is opposite vertex e; E_e(p) = cross(b - a, p - a) for the edge a -> b. Top-left rule: a
  // sample exactly on an edge belongs to the triangle only for top edges (horizontal, dx > 0) and left
  // edges (dy < 0), so a shared edge is drawn once.
  const Projected* ea[3] = {&v1, &v2, &v0};
  const Projected* eb[3] = {&v2, &v0, &v1};
  std::int64_t step_x[3], step_y[3], row[3], bias[3];
  const std::int64_t px = i0 * kSub + kHalf, py = j0 * kSub + kHalf;
  for (int e = 0; e < 3; ++e) {
    const std::int64_t dx = eb[e]->x - ea[e]->x, dy = eb[e]->y - ea[e]->y;
    step_x[e] = -dy * kSub;
    step_y[e] = dx * kSub;
    row[e] = dx * (py - ea[e]->y) - dy * (px - ea[e]->x);
    bias[e] = -static_cast<std::int64_t>(!(dy < 0 || (dy == 0 && dx > 0)));
  }
  const float inv_area = 1.0f / static_cast<float>(t.area);
  const float z0 = v0.z, dz1 = v1.z - v0.z, dz2 = v2.z - v0.z;
  const float w0 = v0.iw, w1 = v1.iw, w2 = v2.iw;
  const float* const* va = t.var;
  float* const depth_rows = depth_.data();
  float* const color_planes = color_.data();
  for (int j = j0; j <= j1; ++j) {
    std::int64_t e0 = row[0] + bias[0], e1 = row[1] + bias[1], e2 = row[2] + bias[2];
    float* dp = depth_rows + static_cast<std::size_t>(j) * sw_;
    for (int i = i0; i <= i1; ++i, e0 += step_x[0], e1 += step_x[1], e2 += step_x[2]) {
      if ((e0 | e1 | e2) < 0) continue;
      // Barycentrics of v1 and v2 (bias removed); depth z/w is linear in screen space.
      const float l1 = static_cast<float>(e1 - bias[1]) * inv_area,
                  l2 = static_cast<float>(e2 - bias[2]) * inv_area;
      const float depth = z0 + l1 * dz1 + l2 * dz2;
      if (!(depth < dp[i])) continue;
      dp[i] = depth;
      if constexpr (Shade::kWritesColor) {
        float var[kMaxVaryings];
        if constexpr (kVaryings > 0) {
          // Perspective-correct: weights l_k / w_k, renormalised.
          const float p0 = (1.0f - l1 - l2) * w0, p1 = l1 * w1, p2 = l2 * w2;
          const float s = 1.0f / (p0 + p1 + p2);
          for (int k = 0; k < kVaryings; ++k)
            var[k] = (p0 * va[0][k] + p1 * va[1][k] + p2 * va[2][k]) * s;
        }
        float rgb[3];
        shade(var, rgb);
        float* const c = color_planes + static_cast<std::size_t>(j) * sw_ + i;
        c[0] = rgb[0], c[plane_] = rgb[1], c[2 * plane_] = rgb[2];
      }
    }
    for (int e = 0; e < 3; ++e) row[e] += step_y[e];
  }
}

template <int kVaryings, class Shade>
void Rasteriser::clip_and_rasterise(const ClipVertex& a, const ClipVertex& b, const ClipVertex& c,
                                    int outside_any, Cull cull, const Shade& shade) {
  const float gx = static_cast<float>(width_), gy = static_cast<float>(height_);
  auto dist = [&](const Vec4& v, int plane) {  // >= 0 inside; the planes of the outcodes
    switch (plane) {
      case 0:
        return v.z;
      case 1:
        return v.w - v.z;
      case 2:
        return v.x + gx * v.w;
      case 3:
        return (width_ + gx) * v.w - v.x;
      case 4:
        return v.y + gy * v.w;
      default:
        return (height_ + gy) * v.w - v.y;
    }
  };
  // Sutherland-Hodgman in homogeneous space (attributes interpolate linearly there), only against the
  // planes some vertex is outside of.
  ClipVertex poly[2][12];
  int n = 3;
  poly[0][0] = a, poly[0][1] = b, poly[0][2] = c;
  int cur = 0;
  for (int p = 0; p < 6 && n > 0; ++p) {
    if (!(outside_any & (1 << p))) continue;
    int m = 0;
    const ClipVertex* src = poly[cur];
    ClipVertex* dst = poly[1 - cur];
    for (int i = 0; i < n; ++i) {
      const ClipVertex& s = src[i];
      const ClipVertex& e = src[(i + 1) % n];
      const float ds = dist(s.clip, p), de = dist(e.clip, p);
      if (ds >= 0) dst[m++] = s;
      if ((ds >= 0) != (de >= 0)) {
        const float t = ds / (ds - de);
        ClipVertex& v = dst[m++];
        v.clip = {s.clip.x + t * (e.clip.x - s.clip.x), s.clip.y + t * (e.clip.y - s.clip.y),
                  s.clip.z + t * (e.clip.z - s.clip.z), s.clip.w + t * (e.clip.w - s.clip.w)};
        for (int k = 0; k < kVaryings; ++k) v.var[k] = s.var[k] + t * (e.var[k] - s.var[k]);
      }
    }
    n = m;
    cur = 1 - cur;
  }
  if (n < 3) return;
  Projected proj[12];
  for (int i = 0; i < n; ++i) proj[i] = project(poly[cur][i].clip);
  for (int i = 1; i + 1 < n; ++i) {
    Triangle t;
    if (!setup(&proj[0], &proj[i], &proj[i + 1], cull, &t)) continue;
    t.set_varyings(poly[cur][0].var, poly[cur][i].var, poly[cur][i + 1].var);
    dirty_[0] = std::min(dirty_[0], t.i0), dirty_[1] = std::max(dirty_[1], t.i1);
    dirty_[2] = std::min(dirty_[2], t.j0), dirty_[3] = std::max(dirty_[3], t.j1);
    fill<kVaryings>(t, shade);
  }
}

void Rasteriser::transform_vertices(const Mesh& mesh, const Mat4& model) {
  // One pass: clip position, outcode, and the projection of each vertex (shared by about six triangles).
  // The scratch only grows: resizing between meshes of different sizes (the teapot and its inside)
  // would value-initialise hundreds of kilobytes per image.
  const std::size_t nv = mesh.positions.size();
  if (verts_.size() < nv) {
    verts_.resize(nv);
    projected_.resize(nv);
    outcodes_.resize(nv);
    marks_.resize(nv);
  }
  // Outcodes: near and far planes, and a guard band one frame wide around the image (keeps snapped
  // coordinates small enough for exact 64-bit edge functions). The projection is project()'s. Constants
  // live in locals: the byte stores below may alias the members, which would otherwise be reloaded for
  // every vertex.
  const Mat4 mvp = camera_.view_projection * model;
  const float gx = static_cast<float>(width_), gy = static_cast<float>(height_);
  const float right = width_ + gx, bottom = height_ + gy, scale = static_cast<float>(ss_ * kSub);
  const Vec3* positions = mesh.positions.data();
  ClipVertex* verts = verts_.data();
  Projected* proj = projected_.data();
  std::uint8_t* codes = outcodes_.data();
  auto snap = [](float v) { return static_cast<std::int32_t>(v < 0 ? v - 0.5f : v + 0.5f); };
  std::size_t i = 0;
  int outside = 0;
  {
    // Four vertices at a time (SSE2), the loop below's operations in its order. The projection of a
    // vertex outside is zero here (select_triangles() reads it: it must lie in the guard band).
    __m128 m[4][4];
    for (int r = 0; r < 4; ++r)
      for (int k = 0; k < 4; ++k) m[r][k] = _mm_set1_ps(mvp.m[r][k]);
    const __m128 zero = _mm_setzero_ps(), one = _mm_set1_ps(1.0f), half = _mm_set1_ps(0.5f);
    const __m128 vgx = _mm_set1_ps(gx), vgy = _mm_set1_ps(gy), vright = _mm_set1_ps(right);
    const __m128 vbottom = _mm_set1_ps(bottom), vscale = _mm_set1_ps(scale);
    auto bit = [](__m128 test, int b) {
      return _mm_and_si128(_mm_castps_si128(test), _mm_set1_epi32(b));
    };
    auto snap4 = [&](__m128 v) {
      return _mm_cvttps_epi32(
          blend(_mm_cmplt_ps(v, zero), _mm_sub_ps(v, half), _mm_add_ps(v, half)));
    };
    for (; i + 4 <= nv; i += 4) {
      const Vec3* p = positions + i;
      const __m128 x = _mm_setr_ps(p[0].x, p[1].x, p[2].x, p[3].x),
                   y = _mm_setr_ps(p[0].y, p[1].y, p[2].y, p[3].y);
      const __m128 z = _mm_setr_ps(p[0].z, p[1].z, p[2].z, p[3].z);
      __m128 c[4];  // Mat4::homogeneous
      for (int r = 0; r < 4; ++r)
        c[r] = _mm_add_ps(_mm_add_ps(_mm_add_ps(_mm_mul_ps(m[r][0], x), _mm_mul_ps(m[r][1], y)),
                                     _mm_mul_ps(m[r][2], z)),
                          m[r][3]);
      const __m128 vx = c[0], vy = c[1], vz = c[2], vw = c[3];
      _MM_TRANSPOSE4_PS(c[0], c[1], c[2], c[3]);
      for (int k = 0; k < 4; ++k) _mm_storeu_ps(&verts[i + k].clip.x, c[k]);
      const __m128i code = _mm_or_si128(
          _mm_or_si128(
              _mm_or_si128(bit(_mm_cmplt_ps(vz, zero), 1),
                           bit(_mm_cmplt_ps(_mm_sub_ps(vw, vz), zero), 2)),
              _mm_or_si128(bit(_mm_cmplt_ps(_mm_add_ps(vx, _mm_mul_ps(vgx, vw)), zero), 4),
                           bit(_mm_cmplt_ps(_mm_sub_ps(_mm_mul_ps(vright, vw), vx), zero), 8))),
          _mm_or_si128(bit(_mm_cmplt_ps(_mm_add_ps(vy, _mm_mul_ps(vgy, vw)), zero), 16),
                       bit(_mm_cmplt_ps(_mm_sub_ps(_mm_mul_ps(vbottom, vw), vy), zero), 32)));
      const std::int32_t bytes =
          _mm_cvtsi128_si32(_mm_packus_epi16(_mm_packs_epi32(code, code), code));
      outside |= bytes;
      std::memcpy(codes + i, &bytes, 4);
      const __m128 inside = _mm_castsi128_ps(_mm_cmpeq_epi32(code, _mm_setzero_si128()));
      const __m128 iw = _mm_div_ps(one, vw);
      __m128 q[4] = {_mm_castsi128_ps(snap4(_mm_mul_ps(_mm_mul_ps(vx, iw), vscale))),
                     _mm_castsi128_ps(snap4(_mm_mul_ps(_mm_mul_ps(vy, iw), vscale))),
                     _mm_mul_ps(vz, iw), iw};
      for (__m128& v : q) v = _mm_and_ps(v, inside);
      _MM_TRANSPOSE4_PS(q[0], q[1], q[2], q[3]);
      for (int k = 0; k < 4; ++k) _mm_storeu_ps(reinterpret_cast<float*>(&proj[i + k]), q[k]);
    }
  }
  for (; i < nv; ++i) {
    const Vec4 v = mvp.homogeneous(positions[i]);
    verts[i].clip = v;
    const int code = (v.z < 0) | (v.w - v.z < 0) << 1 | (v.x + gx * v.w < 0) << 2 |
                     (right * v.w - v.x < 0) << 3 | (v.y + gy * v.w < 0) << 4 |
                     (bottom * v.w - v.y < 0) << 5;
    codes[i] = static_cast<std::uint8_t>(code);
    outside |= code;
    if (!code) {
      const float iw = 1.0f / v.w;
      proj[i] = {snap(v.x * iw * scale), snap(v.y * iw * scale), v.z * iw, iw};
    }
  }
  any_outside_ = outside != 0;
}

bool Rasteriser::hidden(float limit, int i0, int i1, int j0, int j1) {
  for (int ty = j0 >> kTileBits; ty <= j1 >> kTileBits; ++ty) {
    const int y0 = ty << kTileBits, y1 = std::min(sh_, y0 + kTile);
    for (int tx = i0 >> kTileBits; tx <= i1 >> kTileBits; ++tx) {
      const std::size_t t = static_cast<std::size_t>(ty) * tiles_x_ + tx;
      if (tile_stamp_[t] != stamp_) {
        // Four samples per row, past the right edge too (the next row's first ones, or the padding):
        // a maximum over more samples is still an upper bound.
        const float* p = depth_.data() + static_cast<std::size_t>(y0) * sw_ + (tx << kTileBits);
        __m128 m = _mm_loadu_ps(p);
        for (int y = y0 + 1; y < y1; ++y) m = _mm_max_ps(m, _mm_loadu_ps(p += sw_));
        m = _mm_max_ps(m, _mm_shuffle_ps(m, m, _MM_SHUFFLE(1, 0, 3, 2)));
        tile_max_[t] = _mm_cvtss_f32(_mm_max_ss(m, _mm_shuffle_ps(m, m, _MM_SHUFFLE(2, 3, 0, 1))));
        tile_stamp_[t] = stamp_;
      }
      if (!(tile_max_[t] <= limit)) return false;  // (a NaN depth or limit: not hidden)
    }
  }
  return true;
}

template <class Int>
std::size_t Rasteriser::select_triangles(const Mesh& mesh, Cull cull, int* dirty) {
  const std::size_t n = mesh.indices.size();
  if (kept_.size() < n / 3) kept_.resize(n / 3);
  const std::uint32_t* idx = mesh.indices.data();
  const std::uint8_t* codes = outcodes_.data();
  const Projected* proj = projected_.data();
  Kept* kept = kept_.data();
  // With y down, a triangle counter-clockwise from outside has negative area: it faces the camera.
  const bool keep_negative = cull != Cull::kFront, keep_positive = cull != Cull::kBack;
  const Int last_i = sw_ - 1, last_j = sh_ - 1;
  std::size_t m = 0, t = 0;
  if constexpr (std::is_same_v<Int, std::int32_t>) {
    // Four triangles at a time (SSE2), the same tests as the loop below. Under kMaxSamples32 a snapped
    // coordinate and a difference of two fit in int16 (|v| <= D < 2^15), so the box is computed on
    // 16-bit lanes and twice the area by pmaddwd (dx * ey + dy * -ex, exact in int32).
    const __m128i zero = _mm_setzero_si128(), negate_y = _mm_setr_epi16(0, -1, 0, -1, 0, -1, 0, -1);
    const __m128i last =
        _mm_setr_epi16(last_i, last_j, last_i, last_j, last_i, last_j, last_i, last_j);
    const __m128i to_first = _mm_set1_epi16(kSub - 1 - kHalf), to_last = _mm_set1_epi16(kHalf);
    const int drawn_negative = keep_negative ? 0xf : 0, drawn_positive = keep_positive ? 0xf : 0;
    const bool all_inside = !any_outside_;  // the usual case: no outcodes to look at
    const __m128i lane_bits = _mm_setr_epi32(1, 2, 4, 8), offsets = _mm_setr_epi32(0, 3, 6, 9);
    // The union of the filled boxes, as int16 (i, j) pairs: one per lane, folded at the end.
    __m128i box_lo = _mm_set1_epi16(INT16_MAX), box_hi = _mm_set1_epi16(INT16_MIN);
    auto xy = [proj](std::uint32_t v) {
      return _mm_loadl_epi64(reinterpret_cast<const __m128i*>(&proj[v]));
    };
    for (; t + 12 <= n; t += 12) {
      const std::uint32_t* q = idx + t;
      auto corner = [&](int r) {  // vertex r of the four triangles: int16 x0 y0 x1 y1 x2 y2 x3 y3
        return _mm_packs_epi32(_mm_unpacklo_epi64(xy(q[r]), xy(q[3 + r])),
                               _mm_unpacklo_epi64(xy(q[6 + r]), xy(q[9 + r])));
      };
      const __m128i a = corner(0), b = corner(1), c = corner(2);
      const __m128i ab = _mm_sub_epi16(b, a), ac = _mm_sub_epi16(c, a);
      __m128i ac_yx = _mm_shufflehi_epi16(_mm_shufflelo_epi16(ac, _MM_SHUFFLE(2, 3, 0, 1)),
                                          _MM_SHUFFLE(2, 3, 0, 1));
      ac_yx = _mm_sub_epi16(_mm_xor_si128(ac_yx, negate_y), negate_y);  // (ey, -ex)
      const __m128i area = _mm_madd_epi16(ab, ac_yx);
      const __m128i lo_xy = _mm_min_epi16(a, _mm_min_epi16(b, c)),
                    hi_xy = _mm_max_epi16(a, _mm_max_epi16(b, c));
      const __m128i lo =
          _mm_max_epi16(zero, _mm_srai_epi16(_mm_add_epi16(lo_xy, to_first), kSubBits));
      const __m128i hi =
          _mm_min_epi16(last, _mm_srai_epi16(_mm_sub_epi16(hi_xy, to_last), kSubBits));
      const __m128i empty = _mm_cmpgt_epi16(lo, hi);  // in x or y: a 32-bit lane per triangle
      const int drawn =
          (_mm_movemask_ps(_mm_castsi128_ps(_mm_cmplt_epi32(area, zero))) & drawn_negative) |
          (_mm_movemask_ps(_mm_castsi128_ps(_mm_cmpgt_epi32(area, zero))) & drawn_positive);
      const int visible = drawn & _mm_movemask_ps(_mm_castsi128_ps(_mm_cmpeq_epi32(empty, zero)));
      // The four records (first, area, lo, hi), transposed from the lanes.
      const __m128i first = _mm_add_epi32(_mm_set1_epi32(static_cast<int>(t)), offsets);
      const __m128i fa01 = _mm_unpacklo_epi32(first, area), fa23 = _mm_unpackhi_epi32(first, area);
      const __m128i lh01 = _mm_unpacklo_epi32(lo, hi), lh23 = _mm_unpackhi_epi32(lo, hi);
      const __m128i rec[4] = {_mm_unpacklo_epi64(fa01, lh01), _mm_unpackhi_epi64(fa01, lh01),
                              _mm_unpacklo_epi64(fa23, lh23), _mm_unpackhi_epi64(fa23, lh23)};
      int filled = visible;
      if (all_inside) {
        for (int k = 0; k < 4; ++k) {
          _mm_storeu_si128(reinterpret_cast<__m128i*>(kept + m), rec[k]);
          m += (visible >> k) & 1;
        }
      } else {
        for (int k = 0; k < 4; ++k) {
          const int oa = codes[q[3 * k]], ob = codes[q[3 * k + 1]], oc = codes[q[3 * k + 2]];
          const bool inside = (oa | ob | oc) == 0;
          const bool keep = inside ? (visible >> k) & 1 : (oa & ob & oc) == 0;
          _mm_storeu_si128(reinterpret_cast<__m128i*>(kept + m), rec[k]);
          kept[m].first |= inside ? 0 : kClipFlag;
          filled &= ~(inside ? 0 : 1 << k);
          m += keep;
        }
      }
      const __m128i in =
          _mm_cmpeq_epi32(_mm_and_si128(_mm_set1_epi32(filled), lane_bits), lane_bits);
      box_lo = _mm_min_epi16(box_lo, blend_si(in, lo, _mm_set1_epi16(INT16_MAX)));
      box_hi = _mm_max_epi16(box_hi, blend_si(in, hi, _mm_set1_epi16(INT16_MIN)));
    }
    box_lo = _mm_min_epi16(box_lo, _mm_shuffle_epi32(box_lo, _MM_SHUFFLE(1, 0, 3, 2)));
    box_lo = _mm_min_epi16(box_lo, _mm_shuffle_epi32(box_lo, _MM_SHUFFLE(2, 3, 0, 1)));
    box_hi = _mm_max_epi16(box_hi, _mm_shuffle_epi32(box_hi, _MM_SHUFFLE(1, 0, 3, 2)));
    box_hi = _mm_max_epi16(box_hi, _mm_shuffle_epi32(box_hi, _MM_SHUFFLE(2, 3, 0, 1)));
    dirty[0] = std::min(dirty[0], _mm_extract_epi16(box_lo, 0) << 16 >> 16);  // sign-extended
    dirty[2] = std::min(dirty[2], _mm_extract_epi16(box_lo, 1) << 16 >> 16);
    dirty[1] = std::max(dirty[1], _mm_extract_epi16(box_hi, 0) << 16 >> 16);
    dirty[3] = std::max(dirty[3], _mm_extract_epi16(box_hi, 1) << 16 >> 16);
  }
  for (; t + 2 < n; t += 3) {
    const std::uint32_t ia = idx[t], ib = idx[t + 1], ic = idx[t + 2];
    const int oa = codes[ia], ob = codes[ib], oc = codes[ic];
    // A vertex outside the guard band has a stale projection (or zeros): still one inside the band, so
    // the arithmetic below cannot overflow; its result is then unused.
    const Projected &a = proj[ia], &b = proj[ib], &c = proj[ic];
    const Int area = (Int{b.x} - a.x) * (Int{c.y} - a.y) - (Int{b.y} - a.y) * (Int{c.x} - a.x);
    // setup()'s sample bounding box.
    const Int minx = std::min({a.x, b.x, c.x}), maxx = std::max({a.x, b.x, c.x});
    const Int miny = std::min({a.y, b.y, c.y}), maxy = std::max({a.y, b.y, c.y});
    const Int i0 = std::max<Int>(0, (minx - kHalf + kSub - 1) >> kSubBits);
    const Int i1 = std::min<Int>(last_i, (maxx - kHalf) >> kSubBits);
    const Int j0 = std::max<Int>(0, (miny - kHalf + kSub - 1) >> kSubBits);
    const Int j1 = std::min<Int>(last_j, (maxy - kHalf) >> kSubBits);
    const bool drawn = ((area < 0) & keep_negative) | ((area > 0) & keep_positive);
    const bool inside = (oa | ob | oc) == 0;
    const bool visible = drawn & (i0 <= i1) & (j0 <= j1);
    const bool keep = inside ? visible : (oa & ob & oc) == 0;
    // Always written, kept when m advances; area and box (valid when edge32_) for fill32().
    kept[m] = {static_cast<std::uint32_t>(t) | (inside ? 0 : kClipFlag),
               static_cast<std::int32_t>(area),
               static_cast<std::int16_t>(i0),
               static_cast<std::int16_t>(j0),
               static_cast<std::int16_t>(i1),
               static_cast<std::int16_t>(j1)};
    m += keep;
    if (inside && visible) {
      dirty[0] = std::min(dirty[0], static_cast<int>(i0)),
      dirty[1] = std::max(dirty[1], static_cast<int>(i1));
      dirty[2] = std::min(dirty[2], static_cast<int>(j0)),
      dirty[3] = std::max(dirty[3], static_cast<int>(j1));
    }
  }
  return m;
}

// Inlined into draw_triangles(): measured 4 % faster per teapot than the call GCC chose.
template <int kVaryings, class Shade>
__attribute__((always_inline)) inline void Rasteriser::fill32(
    const Projected* pa, const Projected* pb, const Projected* pc, const float* va, const float* vb,
    const float* vc, const Kept& kept, bool occlusion, const Shade& shade) {
  // The same triangle setup and coverage as setup() + fill(), in int32 (edge32_: no overflow); the area
  // and box as select_triangles() found them (it has also grown the dirty rectangle by the box).
  std::int32_t area = kept.area;
  if (area < 0) std::swap(pb, pc), std::swap(vb, vc), area = -area;
  const Projected &v0 = *pa, &v1 = *pb, &v2 = *pc;
  const int half = kHalf, sub = kSub;
  const int i0 = kept.i0, i1 = kept.i1, j0 = kept.j0, j1 = kept.j1;
  // Behind what earlier draws left (the teapot's inside behind its shell): no sample would pass.
  if (occlusion && hidden(std::min({v0.z, v1.z, v2.z}) - kDepthSlack, i0, i1, j0, j1)) return;

  const std::int32_t px = i0 * sub + half, py = j0 * sub + half;
  // fill()'s edge setup with the three edges in lanes 0-2: edge e is opposite vertex e, from ea to eb.
  const __m128i p0 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(&v0));  // x, y, z, 1/w
  const __m128i p1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(&v1));
  const __m128i p2 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(&v2));
  const __m128i x01y01 = _mm_unpacklo_epi32(p0, p1);
  const __m128i xs = _mm_unpacklo_epi64(x01y01, p2);  // x0 x1 x2 .
  const __m128i ys =
      _mm_unpacklo_epi64(_mm_srli_si128(x01y01, 8), _mm_srli_si128(p2, 4));  // y0 y1 y2 .
  const __m128i ax = _mm_shuffle_epi32(xs, _MM_SHUFFLE(3, 0, 2, 1));
  const __m128i ay = _mm_shuffle_epi32(ys, _MM_SHUFFLE(3, 0, 2, 1));
  const __m128i dx = _mm_sub_epi32(_mm_shuffle_epi32(xs, _MM_SHUFFLE(3, 1, 0, 2)), ax);
  const __m128i dy = _mm_sub_epi32(_mm_shuffle_epi32(ys, _MM_SHUFFLE(3, 1, 0, 2)), ay);
  const __m128i zero = _mm_setzero_si128(), low16 = _mm_set1_epi32(0xffff);
  const __m128i step_x = _mm_slli_epi32(_mm_sub_epi32(zero, dy), kSubBits),
                step_y = _mm_slli_epi32(dx, kSubBits);
  // E = dx (py - ay) - dy (px - ax) by pmaddwd: every factor fits in int16 (|v| <= D, kMaxSamples32).
  auto pair = [&](__m128i lo, __m128i hi) {
    return _mm_or_si128(_mm_and_si128(lo, low16), _mm_slli_epi32(hi, 16));
  };
  const __m128i to_py = _mm_sub_epi32(_mm_set1_epi32(py), ay),
                to_px = _mm_sub_epi32(_mm_set1_epi32(px), ax);
  const __m128i row = _mm_madd_epi16(pair(dx, _mm_sub_epi32(zero, dy)), pair(to_py, to_px));
  // Top-left rule: bias -1 unless dy < 0 or (dy == 0 and dx > 0).
  const __m128i top_left =
      _mm_or_si128(_mm_cmpgt_epi32(zero, dy),
                   _mm_and_si128(_mm_cmpeq_epi32(dy, zero), _mm_cmpgt_epi32(dx, zero)));
  const __m128i bias = _mm_xor_si128(top_left, _mm_set1_epi32(-1)),
                row_biased = _mm_add_epi32(row, bias);
  const __m128i odd = _mm_setr_epi32(0, -1, 0, -1), upper = _mm_setr_epi32(0, 0, -1, -1);
  auto spread = [](__m128i v, int e) {
    return e == 0   ? _mm_shuffle_epi32(v, 0x00)
           : e == 1 ? _mm_shuffle_epi32(v, 0x55)
                    : _mm_shuffle_epi32(v, 0xaa);
  };
  // fill()'s arithmetic on four samples at once: the same IEEE operations in the same order (SSE has no
  // fused multiply-add), so the same bits, without a branch per sample.
  const float inv_area = 1.0f / static_cast<float>(area);
  const __m128 vinv = _mm_set1_ps(inv_area), z0 = _mm_set1_ps(v0.z);
  const __m128 dz1 = _mm_set1_ps(v1.z - v0.z), dz2 = _mm_set1_ps(v2.z - v0.z);
  const __m128i unbias1 = spread(bias, 1), unbias2 = spread(bias, 2);
  // The samples `in` of a group (load4) at sample index `at`, edge values e1, e2 (bias added).
  auto group = [&](auto split, __m128i e1, __m128i e2, unsigned in, std::size_t at,
                   std::ptrdiff_t hi) {
    constexpr bool kSplit = decltype(split)::value;
    // Barycentrics of v1 and v2 (unbiased edge values); depth z/w is linear in screen space.
    const __m128 l1 = _mm_mul_ps(_mm_cvtepi32_ps(_mm_sub_epi32(e1, unbias1)), vinv);
    const __m128 l2 = _mm_mul_ps(_mm_cvtepi32_ps(_mm_sub_epi32(e2, unbias2)), vinv);
    const __m128 depth = _mm_add_ps(_mm_add_ps(z0, _mm_mul_ps(l1, dz1)), _mm_mul_ps(l2, dz2));
    float* dp = depth_.data() + at;  // depth_ and the colour planes are padded by 3
    const __m128 old = load4<kSplit>(dp, hi);
    const __m128 pass = _mm_and_ps(_mm_cmplt_ps(depth, old), lane_mask(in));
    if (!_mm_movemask_ps(pass)) return;  // all behind (the teapot's inside): nothing to write
    store4<kSplit>(dp, hi, blend(pass, depth, old));
    if constexpr (Shade::kWritesColor)
      write_colors<kVaryings, kSplit>(shade, pass, l1, l2, v0.iw, v1.iw, v2.iw, va, vb, vc,
                                      color_.data() + at, hi, plane_);
  };
  // Sign bits of e0 | e1 | e2: the samples outside (or on a non-top-left edge).
  auto outside = [](const __m128i* e) {
    return static_cast<unsigned>(
        _mm_movemask_ps(_mm_castsi128_ps(_mm_or_si128(_mm_or_si128(e[0], e[1]), e[2]))));
  };
  // Edge values at four samples of row j0 from the start values, with steps sx along and sy down a row.
  // Lanes at most three samples or one row off the box: no overflow either (kMaxSamples32 has room).
  __m128i e[3];
  if (i1 - i0 < 2) {
    // Boxes one or two samples wide (over half of the teapot's triangles): groups of two rows of two,
    // lanes (i0, j), (i0 + 1, j), (i0, j + 1), (i0 + 1, j + 1).
    __m128i step2[3];
    for (int k = 0; k < 3; ++k) {
      const __m128i sx = spread(step_x, k), sy = spread(step_y, k);
      e[k] = _mm_add_epi32(spread(row_biased, k),
                           _mm_add_epi32(_mm_and_si128(sx, odd), _mm_and_si128(sy, upper)));
      step2[k] = _mm_add_epi32(sy, sy);
    }
    const unsigned columns = i1 > i0 ? 0xfu : 0x5u;
    for (int j = j0; j <= j1; j += 2) {
      const unsigned in = ~outside(e) & (j < j1 ? columns : columns & 3u);
      if (in)
        group(std::true_type{}, e[1], e[2], in, static_cast<std::size_t>(j) * sw_ + i0,
              j < j1 ? sw_ : 0);
      for (int k = 0; k < 3; ++k) e[k] = _mm_add_epi32(e[k], step2[k]);
    }
    return;
  }
  // Wider boxes: groups of four samples of a row from i0 on. Lanes past i1 are masked: the box may be
  // clipped to the target, and past a row's end lies the next row. (Groups aligned to multiples of 4,
  // for store-to-load forwarding between neighbouring triangles, measured slower: more groups per row.)
  __m128i step4[3], step_row[3];
  for (int k = 0; k < 3; ++k) {
    const __m128i sx = spread(step_x, k);  // + (0, sx, 2 sx, 3 sx)
    const __m128i offsets =
        _mm_add_epi32(_mm_and_si128(sx, odd), _mm_and_si128(_mm_add_epi32(sx, sx), upper));
    e[k] = _mm_add_epi32(spread(row_biased, k), offsets);
    step4[k] = _mm_slli_epi32(sx, 2);
    step_row[k] = spread(step_y, k);
  }
  for (int j = j0; j <= j1; ++j) {
    const std::size_t row_start = static_cast<std::size_t>(j) * sw_;
    __m128i g[3] = {e[0], e[1], e[2]};
    for (int i = i0; i <= i1; i += 4) {
      const unsigned in = ~outside(g) & (0xfu >> std::max(0, 3 - (i1 - i)));
      if (in) group(std::false_type{}, g[1], g[2], in, row_start + i, 2);
      for (int k = 0; k < 3; ++k) g[k] = _mm_add_epi32(g[k], step4[k]);
    }
    for (int k = 0; k < 3; ++k) e[k] = _mm_add_epi32(e[k], step_row[k]);
  }
}

template <int kVaryings, class Shade, class Prepare>
void Rasteriser::draw_triangles(const Mesh& mesh, Cull cull, const Shade& shade,
                                const Prepare& prepare) {
  // transform_vertices() has run. Three passes: cull all triangles, prepare the varyings of the
  // vertices the survivors use, then draw the survivors in mesh order (the z-buffer keeps the first of
  // equal depths). Raw pointers and a local dirty rectangle: member accesses would be reloaded around
  // every call (about 17,000 triangles per teapot).
  int dirty[4] = {dirty_[0], dirty_[1], dirty_[2], dirty_[3]};
  // Occlusion tests only when earlier draws of the frame left depths: a fresh stamp invalidates the tiles.
  const bool occlusion = dirty[0] <= dirty[1];
  if (occlusion && ++stamp_ == 0) std::fill(tile_stamp_.begin(), tile_stamp_.end(), 0), stamp_ = 1;
  const std::size_t kept = edge32_ ? select_triangles<std::int32_t>(mesh, cull, dirty)
                                   : select_triangles<std::int64_t>(mesh, cull, dirty);
  const Kept* list = kept_.data();
  const std::uint32_t* idx = mesh.indices.data();
  const Projected* proj = projected_.data();
  const ClipVertex* verts = verts_.data();
  if constexpr (kVaryings > 0) {
    // Varyings (vertex lighting) only for vertices of kept triangles.
    std::uint8_t* marks = marks_.data();
    for (std::size_t k = 0; k < kept; ++k) {
      const std::uint32_t t = list[k].first & ~kClipFlag;
      marks[idx[t]] = 1, marks[idx[t + 1]] = 1, marks[idx[t + 2]] = 1;
    }
    // The marked vertices, listed without a branch per vertex, then prepared together.
    const std::size_t nv = mesh.positions.size();
    if (shade_list_.size() < nv) shade_list_.resize(nv);
    std::uint32_t* shade = shade_list_.data();
    std::size_t m = 0;
    for (std::size_t i = 0; i < nv; ++i)
      shade[m] = static_cast<std::uint32_t>(i), m += marks[i], marks[i] = 0;
    prepare(shade, m);
  }
  for (std::size_t k = 0; k < kept; ++k) {
    const std::uint32_t t = list[k].first & ~kClipFlag;
    const std::uint32_t a = idx[t], b = idx[t + 1], c = idx[t + 2];
    if (list[k].first & kClipFlag) {
      std::copy(dirty, dirty + 4, dirty_);
      clip_and_rasterise<kVaryings>(verts[a], verts[b], verts[c],
                                    outcodes_[a] | outcodes_[b] | outcodes_[c], cull, shade);
      std::copy(dirty_, dirty_ + 4, dirty);
    } else if (edge32_) {
      fill32<kVaryings>(proj + a, proj + b, proj + c, verts[a].var, verts[b].var, verts[c].var,
                        list[k], occlusion, shade);
    } else {
      Triangle tri;
      setup(proj + a, proj + b, proj + c, cull, &tri);  // true: select_triangles() kept it
      tri.set_varyings(verts[a].var, verts[b].var, verts[c].var);
      fill<kVaryings>(tri, shade);
    }
  }
  std::copy(dirty, dirty + 4, dirty_);
}

void Rasteriser::draw(const Mesh& mesh, const Mat4& model, const Material& material,
                      const Lighting& lighting) {
  transform_vertices(mesh, model);
  const Mat4 nm = model.normal_matrix();
  auto world = [&](std::uint32_t i, Vec3* p, Vec3* n) {
    *p = model.point(mesh.positions[i]);
    *n = normalize(nm.direction(mesh.normals[i]));
  };
  // `prepare` sets the varyings of the n vertices in list.
  auto each = [](auto&& one) {
    return [one](const std::uint32_t* list, std::size_t n) {
      for (std::size_t k = 0; k < n; ++k) one(list[k]);
    };
  };
  switch (material.shading) {
    case Shading::kUnlit:
      draw_triangles<0>(mesh, material.cull, Flat{material.color},
                        [](const std::uint32_t*, std::size_t) {});
      break;
    case Shading::kGouraud:
      if (directional_diffuse(material, lighting)) {
        draw_triangles<3>(mesh, material.cull, Interpolated{},
                          [&](const std::uint32_t* list, std::size_t n) {
                            // verts_[i].var lies sizeof(ClipVertex) bytes apart
                            gouraud4(nm, mesh.normals.data(), list, n, material, lighting,
                                     verts_.data()->var, sizeof(ClipVertex) / sizeof(float));
                          });
        break;
      }
      draw_triangles<3>(mesh, material.cull, Interpolated{}, each([&](std::uint32_t i) {
                          Vec3 p, n;
                          world(i, &p, &n);
                          const Vec3 c = shade_point(p, n, camera_.eye, material, lighting, false);
                          float* v = verts_[i].var;
                          v[0] = c.x, v[1] = c.y, v[2] = c.z;
                        }));
      break;
    case Shading::kPhong:
      draw_triangles<6>(mesh, material.cull, Phong{&material, &lighting, camera_.eye},
                        each([&](std::uint32_t i) {
                          Vec3 p, n;
                          world(i, &p, &n);
                          float* v = verts_[i].var;
                          v[0] = p.x, v[1] = p.y, v[2] = p.z, v[3] = n.x, v[4] = n.y, v[5] = n.z;
                        }));
      break;
  }
}

void Rasteriser::draw_depth(const Mesh& mesh, const Mat4& model) {
  transform_vertices(mesh, model);
  draw_triangles<0>(mesh, Cull::kNone, DepthOnly{}, [](const std::uint32_t*, std::size_t) {});
}

void Rasteriser::resolve(std::uint8_t* out) const {
  const float norm = 255.0f / static_cast<float>(ss_ * ss_);
  std::uint8_t clear[3];
  for (int c = 0; c < 3; ++c)
    clear[c] = static_cast<std::uint8_t>((&clear_.x)[c] * ss_ * ss_ * norm + 0.5f);
  // Pixels with a sample in the dirty rectangle: columns x_first..x_last of rows y_first..y_last.
  int x_first = width_, x_last = -1, y_first = height_, y_last = -1;
  for (int x = 0; x < width_; ++x)
    if ((x + 1) * ss_ > dirty_[0] && x * ss_ <= dirty_[1])
      x_first = std::min(x_first, x), x_last = x;
  for (int y = 0; y < height_; ++y)
    if ((y + 1) * ss_ > dirty_[2] && y * ss_ <= dirty_[3])
      y_first = std::min(y_first, y), y_last = y;
  auto touched = [&](int x, int y) {
    return x >= x_first && x <= x_last && y >= y_first && y <= y_last;
  };
  for (int y = 0; y < height_; ++y)
    for (int x = 0; x < width_;) {
      std::uint8_t* o = out + (y * width_ + x) * 3;
      if (ss_ == 4 && x + 4 <= width_) {
        // Four pixels at once, a lane each: the 4x4 samples of pixel k in lane k, added in the scalar
        // loop's order (rows, then samples of a row), so the same sums.
        unsigned in = 0;
        if (y >= y_first && y <= y_last)
          for (int k = 0; k < 4; ++k)
            in |= static_cast<unsigned>(x + k >= x_first && x + k <= x_last) << k;
        alignas(16) std::int32_t v[3][4];
        for (int c = 0; in && c < 3; ++c) {
          __m128 sum = _mm_setzero_ps();
          for (int sy = 0; sy < 4; ++sy) {
            const float* p =
                color_.data() + c * plane_ + static_cast<std::size_t>(y * 4 + sy) * sw_ + x * 4;
            __m128 s0 = _mm_loadu_ps(p), s1 = _mm_loadu_ps(p + 4), s2 = _mm_loadu_ps(p + 8),
                   s3 = _mm_loadu_ps(p + 12);
            _MM_TRANSPOSE4_PS(s0, s1, s2, s3);
            sum = _mm_add_ps(_mm_add_ps(_mm_add_ps(_mm_add_ps(sum, s0), s1), s2), s3);
          }
          // static_cast<std::uint8_t>(float) truncates, as cvttps does (values in [0, 255.5]).
          _mm_store_si128(
              reinterpret_cast<__m128i*>(v[c]),
              _mm_cvttps_epi32(_mm_add_ps(_mm_mul_ps(sum, _mm_set1_ps(norm)), _mm_set1_ps(0.5f))));
        }
        for (int k = 0; k < 4; ++k)
          for (int c = 0; c < 3; ++c)
            o[3 * k + c] = (in >> k) & 1 ? static_cast<std::uint8_t>(v[c][k]) : clear[c];
        x += 4;
        continue;
      }
      if (!touched(x, y)) {
        o[0] = clear[0], o[1] = clear[1], o[2] = clear[2];  // untouched: the clear colour
        ++x;
        continue;
      }
      float sum[3] = {0, 0, 0};
      for (int sy = 0; sy < ss_; ++sy) {
        const float* p = color_.data() + static_cast<std::size_t>(y * ss_ + sy) * sw_ + x * ss_;
        for (int sx = 0; sx < ss_; ++sx)
          sum[0] += p[sx], sum[1] += p[plane_ + sx], sum[2] += p[2 * plane_ + sx];
      }
      for (int c = 0; c < 3; ++c) o[c] = static_cast<std::uint8_t>(sum[c] * norm + 0.5f);
      ++x;
    }
}

// ---- shadow map ----

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
