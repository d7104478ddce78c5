// The rasteriser's frame and draw phases: clearing, vertex transform, triangle selection (culling,
// clipping flags, occlusion tiles), drawing a mesh with a shader, and the box-filtered resolve. The fills
// are in rasteriser3d_fill.h, cameras in camera3d.cpp, the shadow map in shadow_map.cpp.
#include "datagen/rasteriser3d.h"

#include <emmintrin.h>  // SSE2: part of x86-64, no dispatch needed

#include <algorithm>
#include <cmath>
#include <cstring>

#include "datagen/rasteriser3d_fill.h"
#include "datagen/shading3d.h"

namespace fb::data::r3d {

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

}  // namespace fb::data::r3d
