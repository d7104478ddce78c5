#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "datagen/rasteriser3d.h"

namespace fb::data::r3d {
namespace {

// A camera whose clip space is the pixel grid at depth 1: world (x, y, 1) lands on pixel (x, y).
Camera pixel_camera() {
  return Camera::look_at({0, 0, 0}, {0, 0, 1}, {0, -1, 0}, 1.0f, 0.0f, 0.0f, 0.1f, 10.0f);
}

Mesh triangle(Vec3 a, Vec3 b, Vec3 c) {
  Mesh m;
  for (const auto& p : {a, b, c}) {
    m.positions.push_back(p);
    m.normals.push_back({0, 0, -1});
  }
  m.indices = {0, 1, 2};
  return m;
}

Material unlit(Vec3 color) {
  Material m;
  m.shading = Shading::kUnlit;
  m.color = color;
  m.cull = Cull::kNone;
  return m;
}

std::vector<std::uint8_t> draw(Rasteriser& r, const std::vector<std::pair<Mesh, Vec3>>& items) {
  r.begin(pixel_camera(), {0, 0, 0});
  for (const auto& [mesh, color] : items) r.draw(mesh, Mat4::identity(), unlit(color), Lighting{});
  std::vector<std::uint8_t> out(static_cast<std::size_t>(r.width() * r.height() * 3));
  r.resolve(out.data());
  return out;
}

TEST(Rasteriser, SharedEdgeCoveredExactlyOnce) {
  // A 32x32 square from (8,8) to (40,40) split along its diagonal: pixel centres on the diagonal belong
  // to exactly one triangle, so red + blue pixels = 1024 and no pixel is left out.
  Rasteriser r(48, 48, 1);
  auto img = draw(r, {{triangle({8, 8, 1}, {40, 8, 1}, {40, 40, 1}), {1, 0, 0}},
                      {triangle({8, 8, 1}, {40, 40, 1}, {8, 40, 1}), {0, 0, 1}}});
  int red = 0, blue = 0, other = 0;
  for (std::size_t p = 0; p < img.size(); p += 3) {
    const bool in =
        (p / 3) % 48 >= 8 && (p / 3) % 48 < 40 && (p / 3) / 48 >= 8 && (p / 3) / 48 < 40;
    if (img[p] == 255 && img[p + 2] == 0)
      ++red;
    else if (img[p] == 0 && img[p + 2] == 255)
      ++blue;
    else if (in || img[p] || img[p + 1] || img[p + 2])
      ++other;
  }
  EXPECT_EQ(red + blue, 32 * 32);
  EXPECT_EQ(other, 0);
  EXPECT_GT(red, 400);
  EXPECT_GT(blue, 400);
}

TEST(Rasteriser, DepthTestKeepsTheNearerSurface) {
  Rasteriser r(16, 16, 1);
  // The same screen triangle at depths 2 (green) and 1 (red): red wins in either drawing order.
  const Mesh near_tri = triangle({0, 0, 1}, {16, 0, 1}, {0, 16, 1});
  const Mesh far_tri = triangle({0, 0, 2}, {32, 0, 2}, {0, 32, 2});
  for (bool near_first : {true, false}) {
    auto img = near_first ? draw(r, {{near_tri, {1, 0, 0}}, {far_tri, {0, 1, 0}}})
                          : draw(r, {{far_tri, {0, 1, 0}}, {near_tri, {1, 0, 0}}});
    EXPECT_EQ(img[(2 * 16 + 2) * 3], 255);
    EXPECT_EQ(img[(2 * 16 + 2) * 3 + 1], 0);
  }
}

TEST(Rasteriser, SupersamplingBoxFilter) {
  // A vertical edge through the middle of pixel column 5 at 4x4 samples: half coverage -> 128.
  Rasteriser r(8, 8, 4);
  auto img = draw(r, {{triangle({5.5f, -10, 1}, {5.5f, 30, 1}, {-20, 10, 1}), {1, 1, 1}}});
  EXPECT_EQ(img[(4 * 8 + 4) * 3], 255);
  EXPECT_EQ(img[(4 * 8 + 5) * 3], 128);
  EXPECT_EQ(img[(4 * 8 + 6) * 3], 0);
}

TEST(Rasteriser, BackFacesCulled) {
  Rasteriser r(16, 16, 1);
  Material m = unlit({1, 1, 1});
  m.cull = Cull::kBack;
  r.begin(pixel_camera(), {0, 0, 0});
  // Counter-clockwise on screen (y down) faces the camera; the reversed winding is culled.
  r.draw(triangle({0, 0, 1}, {0, 16, 1}, {16, 0, 1}), Mat4::identity(), m, Lighting{});
  std::vector<std::uint8_t> front(16 * 16 * 3), back(16 * 16 * 3);
  r.resolve(front.data());
  r.begin(pixel_camera(), {0, 0, 0});
  r.draw(triangle({0, 0, 1}, {16, 0, 1}, {0, 16, 1}), Mat4::identity(), m, Lighting{});
  r.resolve(back.data());
  EXPECT_EQ(front[(2 * 16 + 2) * 3], 255);
  EXPECT_EQ(back[(2 * 16 + 2) * 3], 0);
}

TEST(Rasteriser, PerspectiveCorrectInterpolation) {
  // A floor strip receding from depth 1 to 3 under Gouraud shading whose vertex colours are 1 (near)
  // and 0 (far, normal perpendicular to the light): along the screen the colour follows
  // 1 - t with t linear in 1/depth, not linear on screen.
  Rasteriser r(64, 64, 1);
  const Camera cam =
      Camera::look_at({0, 0, 0}, {0, 1, 0}, {0, 0, 1}, 32.0f, 32.0f, 32.0f, 0.1f, 10.0f);
  Mesh m;
  const float z = -0.5f;
  for (const auto& p : {Vec3{-1, 1, z}, Vec3{1, 1, z}, Vec3{1, 3, z}, Vec3{-1, 3, z}})
    m.positions.push_back(p);
  m.normals = {{0, 0, 1}, {0, 0, 1}, {1, 0, 0}, {1, 0, 0}};
  m.indices = {0, 1, 2, 0, 2, 3};
  Material mat;
  mat.shading = Shading::kGouraud;
  mat.cull = Cull::kNone;
  Lighting light;
  light.ambient = {0, 0, 0};
  light.lights.push_back({true, {0, 0, 1}, {}, {1, 1, 1}, 0});
  r.begin(cam, {0, 0, 0});
  r.draw(m, Mat4::identity(), mat, light);
  std::vector<std::uint8_t> img(64 * 64 * 3);
  r.resolve(img.data());
  // Screen row v (pixel centre) sees depth d with (v + 0.5 - 32) = 32 * 0.5 / d.
  const int row = 44;
  const float d = 16.0f / (row + 0.5f - 32.0f);
  const float world_t = (d - 1.0f) / 2.0f;  // position along the strip: about 0.14
  EXPECT_NEAR(img[(row * 64 + 32) * 3], 255.0f * (1.0f - world_t), 3.0f);
  // Screen-linear (affine) interpolation would give about 171 here.
  const float screen_t = (48.0f - (row + 0.5f)) / (48.0f - (32.0f + 16.0f / 3.0f));
  EXPECT_GT(std::abs(img[(row * 64 + 32) * 3] - 255.0f * (1.0f - screen_t)), 30.0f);
}

TEST(Rasteriser, SameSceneSameBytes) {
  Rasteriser a(32, 32, 2), b(32, 32, 2);
  Mesh moved;
  moved.append(sphere(5, 16, 8), Mat4::translation({16, 16, 20}));
  EXPECT_EQ(draw(a, {{moved, {0.3f, 0.6f, 0.9f}}}), draw(b, {{moved, {0.3f, 0.6f, 0.9f}}}));
}

}  // namespace
}  // namespace fb::data::r3d
