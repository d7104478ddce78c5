// Rasteriser internals: triangle setup, the scalar fill, clipping and the SSE2 fill, with the shaders
// they call. Part of rasteriser3d.cpp's translation unit (included there only), so that the compiler
// still sees every fill where draw_triangles() instantiates it, as when they shared one file.
#pragma once

#include <emmintrin.h>  // SSE2: part of x86-64, no dispatch needed

#include <algorithm>
#include <cmath>
#include <cstring>
#include <type_traits>

#include "datagen/rasteriser3d.h"
#include "datagen/shading3d.h"
#include "datagen/simd4.h"

namespace fb::data::r3d {

// Internal linkage, as when these were part of rasteriser3d.cpp (the only includer).
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

// ---- triangle setup, fill and clipping ----

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

}  // namespace fb::data::r3d
