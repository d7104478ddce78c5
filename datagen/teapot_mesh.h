// The Utah teapot (public-domain geometry): the freeglut-style 10 bicubic Bezier patches over 127 control
// points, expanded by the teapot's mirror symmetry to 32 patches, tessellated with analytic normals.
// Object space is z-up: x from -3.0 (handle) to 3.525 (spout) and z from 0 to 3.15 in control points.
#pragma once

#include <functional>

#include "datagen/mesh3d.h"

namespace fb::data::r3d {

/// Number of patches after the symmetry expansion (32).
int teapot_patch_count();
/// The 16 control points of patch `p` (row-major 4x4), after mirroring.
void teapot_patch(int p, Vec3* control);
/// Bounding box of all control points (the extent the scene scaling uses).
void teapot_bounds(Vec3* lo, Vec3* hi);
/// Tessellates every patch into `n` x `n` quads (two triangles each): (n+1)² vertices per patch with
/// analytic normals (cross product of the partial derivatives; the degenerate lid and bottom poles use
/// a nearby parameter), outward-facing, triangles wound counter-clockwise from outside. `keep` selects
/// patches by index (0-3 rim, 4-11 body, 12-19 lid, 20-23 bottom, 24-27 handle, 28-31 spout); empty = all.
Mesh teapot_mesh(int n, const std::function<bool(int)>& keep = {});

}  // namespace fb::data::r3d
