// Triangle meshes and the primitive solids the 3D scenes are built from. Object space is z-up; every
// primitive is centred on the origin (unless stated) with outward normals and counter-clockwise winding
// seen from outside.
#pragma once

#include <cstdint>
#include <vector>

#include "datagen/math3d.h"

namespace fb::data::r3d {

/// Indexed triangle mesh: positions[i] and normals[i] per vertex; indices 3 per triangle.
struct Mesh {
  std::vector<Vec3> positions, normals;
  std::vector<std::uint32_t> indices;

  std::size_t triangles() const { return indices.size() / 3; }
  /// Appends `other` transformed by `transform` (normals by its normal matrix).
  void append(const Mesh& other, const Mat4& transform = Mat4::identity());
  /// Appends one triangle fan-free quad a,b,c,d (counter-clockwise from outside) with a flat normal.
  void add_quad(const Vec3& a, const Vec3& b, const Vec3& c, const Vec3& d);
};

/// Axis-aligned box with half extents `h` (flat faces, 24 vertices).
Mesh box(const Vec3& h);
/// Unit cube: box of side 1.
Mesh cube();
/// Cylinder of radius r along z from -h to h, `segments` sides, smooth sides and flat caps.
Mesh cylinder(float r, float h, int segments);
/// Cone of base radius r from z=-h (base) to the apex at z=h.
Mesh cone(float r, float h, int segments);
/// Flat-shaded prism: regular `sides`-gon of circumradius r, z from -h to h (6: hexagonal prism).
Mesh prism(float r, float h, int sides);
/// Square pyramid: base side 2r at z=-h, apex at z=h.
Mesh pyramid(float r, float h);
/// UV sphere of radius r.
Mesh sphere(float r, int segments, int rings);
/// Capsule: a cylinder of radius r with half-length h (flat part) capped by hemispheres, along z.
Mesh capsule(float r, float h, int segments, int rings);

}  // namespace fb::data::r3d
