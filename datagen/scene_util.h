// Helpers shared by the procedural 3D scenes: colours, placements, factor value lists.
#pragma once

#include <vector>

#include "datagen/grid_scene.h"
#include "datagen/math3d.h"

namespace fb::data::scene {

/// HSV (h in [0,1), 0 = red; s, v in [0,1]) to linear RGB.
r3d::Vec3 hsv(float h, float s, float v);
/// Maps the unit cylinder/box (z in [-1, 1], radius 1) onto the segment a -> b with `radius`.
r3d::Mat4 segment(const r3d::Vec3& a, const r3d::Vec3& b, float radius);
/// i / (m - 1) for i < m (Falcor3D, Isaac3D values, docs/protocols.md §1.5).
std::vector<double> unit_values(int m);
/// 0, 1, ..., m - 1 (MPI3D, which stores no labels: values are the class indices).
std::vector<double> index_values(int m);
/// Focal length in pixels for a horizontal field of view of `fov_deg` on a `size`-pixel image.
float focal(float fov_deg, int size);
/// A directional light's orthographic shadow camera looking at `centre` from `direction` (towards the
/// light), covering a square of half-side `half`.
r3d::Camera light_camera(const r3d::Vec3& direction, const r3d::Vec3& centre, float half, int size);

}  // namespace fb::data::scene
