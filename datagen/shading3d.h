// Lighting of the 3D rasteriser: Lambert and Blinn-Phong with value-noise grain and shadow maps, per
// vertex (Gouraud) or per sample (Phong).
#pragma once

#include <cstddef>
#include <cstdint>

#include "datagen/rasteriser3d.h"

namespace fb::data::r3d {

/// Lambert (+ Blinn-Phong specular) at world point `pos` with unit normal `n` seen from `eye`, clamped
/// to [0, 1]; `shadowed` applies the first light's shadow-map visibility.
Vec3 shade_point(const Vec3& pos, const Vec3& n, const Vec3& eye, const Material& m,
                 const Lighting& l, bool shadowed);

/// Whether shade_point() reduces to ambient plus Lambert terms of directional lights: no point light,
/// specular, grain or shadow (the Gouraud teapots).
bool directional_diffuse(const Material& m, const Lighting& l);

/// shade_point(p, normalize(nm.direction(normals[i])), ...) for directional_diffuse() lighting, four
/// vertices at a time with the same IEEE operations in the same order (so the same bits). Writes the
/// colour of vertex i = list[k], k < n, to var + i * stride.
void gouraud4(const Mat4& nm, const Vec3* normals, const std::uint32_t* list, std::size_t n,
              const Material& m, const Lighting& l, float* var, std::size_t stride);

}  // namespace fb::data::r3d
