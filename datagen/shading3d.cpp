#include "datagen/shading3d.h"

#include <algorithm>
#include <cmath>

#include "datagen/simd4.h"

namespace fb::data::r3d {

namespace {

// Smooth value noise in [-1, 1] on the integer lattice (hashed corners, smoothstep blend): the faint
// surface grain of walls and floors. Integer hashing keeps it identical on every machine.
float corner(std::int32_t x, std::int32_t y, std::int32_t z) {
  std::uint32_t h = static_cast<std::uint32_t>(x) * 0x8da6b343u ^
                    static_cast<std::uint32_t>(y) * 0xd8163841u ^
                    static_cast<std::uint32_t>(z) * 0xcb1ab31fu;
  h ^= h >> 15;
  h *= 0x2c1b3c6du;
  h ^= h >> 12;
  h *= 0x297a2d39u;
  h ^= h >> 15;
  return static_cast<float>(h & 0xffffu) / 32767.5f - 1.0f;
}

float value_noise(const Vec3& p) {
  const float fx = std::floor(p.x), fy = std::floor(p.y), fz = std::floor(p.z);
  const auto x = static_cast<std::int32_t>(fx), y = static_cast<std::int32_t>(fy),
             z = static_cast<std::int32_t>(fz);
  auto smooth = [](float t) { return t * t * (3 - 2 * t); };
  const float tx = smooth(p.x - fx), ty = smooth(p.y - fy), tz = smooth(p.z - fz);
  auto lerp = [](float a, float b, float t) { return a + (b - a) * t; };
  const float c00 = lerp(corner(x, y, z), corner(x + 1, y, z), tx);
  const float c10 = lerp(corner(x, y + 1, z), corner(x + 1, y + 1, z), tx);
  const float c01 = lerp(corner(x, y, z + 1), corner(x + 1, y, z + 1), tx);
  const float c11 = lerp(corner(x, y + 1, z + 1), corner(x + 1, y + 1, z + 1), tx);
  return lerp(lerp(c00, c10, ty), lerp(c01, c11, ty), tz);
}

float clamp01(float v) { return v < 0 ? 0 : (v > 1 ? 1 : v); }

}  // namespace

Vec3 shade_point(const Vec3& pos, const Vec3& n, const Vec3& eye, const Material& m,
                 const Lighting& l, bool shadowed) {
  Vec3 diffuse = l.ambient, spec{0, 0, 0};
  for (std::size_t i = 0; i < l.lights.size(); ++i) {
    const Light& light = l.lights[i];
    Vec3 dir = light.direction;
    float att = 1.0f;
    if (!light.directional) {
      const Vec3 d = light.position - pos;
      att = 1.0f / (1.0f + light.falloff * dot(d, d));
      dir = normalize(d);
    }
    const float ndl = dot(n, dir);
    if (ndl <= 0) continue;
    if (i == 0 && shadowed && l.shadow) att *= l.shadow->visibility(pos);
    diffuse += light.color * (ndl * att);
    if (m.specular > 0) {
      const Vec3 h = normalize(dir + normalize(eye - pos));
      spec += light.color * (m.specular * std::pow(std::max(0.0f, dot(n, h)), m.shininess) * att);
    }
  }
  Vec3 albedo = m.color;
  if (m.grain > 0) albedo = albedo * (1.0f + m.grain * value_noise(pos * m.grain_scale));
  const Vec3 c = albedo * diffuse + spec;
  return {clamp01(c.x), clamp01(c.y), clamp01(c.z)};
}

bool directional_diffuse(const Material& m, const Lighting& l) {
  for (const Light& light : l.lights)
    if (!light.directional) return false;
  return !(m.specular > 0) && !(m.grain > 0);
}

// The world normal, the diffuse sum and the clamped colour, each as shade_point() and normalize() write it.
void gouraud4(const Mat4& nm, const Vec3* normals, const std::uint32_t* list, std::size_t n,
              const Material& m, const Lighting& l, float* var, std::size_t stride) {
  auto bc = [](float v) { return _mm_set1_ps(v); };
  const __m128 zero = _mm_setzero_ps(), one = bc(1.0f);
  for (std::size_t k = 0; k < n; k += 4) {
    std::uint32_t id[4];
    for (int q = 0; q < 4; ++q)
      id[q] = list[std::min(k + q, n - 1)];  // a short tail repeats the last
    const Vec3 &a = normals[id[0]], &b = normals[id[1]], &c = normals[id[2]], &d = normals[id[3]];
    const __m128 x = _mm_setr_ps(a.x, b.x, c.x, d.x), y = _mm_setr_ps(a.y, b.y, c.y, d.y);
    const __m128 z = _mm_setr_ps(a.z, b.z, c.z, d.z);
    __m128 w[3];  // nm.direction(normal)
    for (int r = 0; r < 3; ++r)
      w[r] = _mm_add_ps(_mm_add_ps(_mm_mul_ps(bc(nm.m[r][0]), x), _mm_mul_ps(bc(nm.m[r][1]), y)),
                        _mm_mul_ps(bc(nm.m[r][2]), z));
    // normalize(): l > 0 ? a * (1 / l) : a
    const __m128 len = _mm_sqrt_ps(_mm_add_ps(
        _mm_add_ps(_mm_mul_ps(w[0], w[0]), _mm_mul_ps(w[1], w[1])), _mm_mul_ps(w[2], w[2])));
    const __m128 positive = _mm_cmpgt_ps(len, zero), inv = _mm_div_ps(one, len);
    for (int r = 0; r < 3; ++r) w[r] = blend(positive, _mm_mul_ps(w[r], inv), w[r]);
    __m128 diffuse[3] = {bc(l.ambient.x), bc(l.ambient.y), bc(l.ambient.z)};
    for (const Light& light : l.lights) {
      const Vec3& dir = light.direction;
      const __m128 ndl =
          _mm_add_ps(_mm_add_ps(_mm_mul_ps(w[0], bc(dir.x)), _mm_mul_ps(w[1], bc(dir.y))),
                     _mm_mul_ps(w[2], bc(dir.z)));
      const __m128 lit = _mm_cmpnle_ps(ndl, zero);  // shade_point skips ndl <= 0
      const __m128 s = _mm_mul_ps(ndl, one);        // ndl * att, att = 1
      const float* color = &light.color.x;
      for (int r = 0; r < 3; ++r)
        diffuse[r] = blend(lit, _mm_add_ps(diffuse[r], _mm_mul_ps(bc(color[r]), s)), diffuse[r]);
    }
    alignas(16) float out[3][4];
    for (int r = 0; r < 3; ++r) {
      // albedo * diffuse + spec (spec = 0), then clamp01: v < 0 ? 0 : (v > 1 ? 1 : v)
      const __m128 v = _mm_add_ps(_mm_mul_ps(bc((&m.color.x)[r]), diffuse[r]), zero);
      _mm_store_ps(out[r], blend(_mm_cmplt_ps(v, zero), zero, blend(_mm_cmpgt_ps(v, one), one, v)));
    }
    for (int q = 0; q < 4 && k + q < n; ++q) {
      float* v = var + id[q] * stride;
      v[0] = out[0][q], v[1] = out[1][q], v[2] = out[2][q];
    }
  }
}

}  // namespace fb::data::r3d
