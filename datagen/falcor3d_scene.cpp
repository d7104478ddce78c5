// The Falcor3D-like scene (docs/protocols.md §1.5): a furnished living room under one point light; factors
// are the light's intensity and position and the camera's position (it always looks at the room's
// centre). Values i/(m-1).
#include <cmath>

#include "datagen/scene_util.h"

namespace fb::data::scene {

namespace {

using r3d::Mat4;
using r3d::Vec3;

constexpr float kHalfX = 3.0f, kHalfY = 2.5f, kHeight = 2.6f;
const Vec3 kCentre{0, 0.4f, 0.7f};

struct Item {
  r3d::Mesh mesh;
  Vec3 color;
  float specular;
};

class Falcor3dScene : public GridScene {
 public:
  explicit Falcor3dScene(int resolution) {
    name_ = "falcor3d";
    resolution_ = resolution;
    factors_ = {{"lighting_intensity", unit_values(5)},
                {"lighting_x", unit_values(6)},
                {"lighting_y", unit_values(6)},
                {"lighting_z", unit_values(6)},
                {"camera_x", unit_values(6)},
                {"camera_y", unit_values(6)},
                {"camera_z", unit_values(6)}};
    floor_.add_quad({-kHalfX, -kHalfY - 3, 0}, {kHalfX, -kHalfY - 3, 0}, {kHalfX, kHalfY, 0},
                    {-kHalfX, kHalfY, 0});
    walls_.add_quad({-kHalfX, kHalfY, kHeight}, {kHalfX, kHalfY, kHeight},
                    {kHalfX, -kHalfY - 3, kHeight},
                    {-kHalfX, -kHalfY - 3, kHeight});  // ceiling, facing down
    walls_.add_quad({-kHalfX, kHalfY, 0}, {kHalfX, kHalfY, 0}, {kHalfX, kHalfY, kHeight},
                    {-kHalfX, kHalfY, kHeight});
    walls_.add_quad({kHalfX, kHalfY, 0}, {kHalfX, -kHalfY - 3, 0}, {kHalfX, -kHalfY - 3, kHeight},
                    {kHalfX, kHalfY, kHeight});
    walls_.add_quad({-kHalfX, -kHalfY - 3, 0}, {-kHalfX, kHalfY, 0}, {-kHalfX, kHalfY, kHeight},
                    {-kHalfX, -kHalfY - 3, kHeight});
    // Furniture, each an item with its own colour: sofa, coffee table, rug, lamp, shelf, plant.
    auto add = [&](Vec3 color, float specular,
                   std::initializer_list<std::pair<r3d::Mesh, Mat4>> parts) {
      Item it{{}, color, specular};
      for (const auto& [mesh, m] : parts) it.mesh.append(mesh, m);
      items_.push_back(std::move(it));
    };
    const auto box = [](Vec3 h) { return r3d::box(h); };
    add({0.55f, 0.2f, 0.16f}, 0.05f,
        {{box({1.1f, 0.4f, 0.22f}), Mat4::translation({0, 1.9f, 0.22f})},
         {box({1.1f, 0.12f, 0.35f}), Mat4::translation({0, 2.28f, 0.6f})},
         {box({0.14f, 0.4f, 0.32f}), Mat4::translation({-1.22f, 1.9f, 0.32f})},
         {box({0.14f, 0.4f, 0.32f}), Mat4::translation({1.22f, 1.9f, 0.32f})}});
    add({0.42f, 0.3f, 0.2f}, 0.25f,
        {{box({0.6f, 0.35f, 0.03f}), Mat4::translation({0, 0.6f, 0.42f})},
         {box({0.03f, 0.03f, 0.2f}), Mat4::translation({-0.55f, 0.3f, 0.2f})},
         {box({0.03f, 0.03f, 0.2f}), Mat4::translation({0.55f, 0.3f, 0.2f})},
         {box({0.03f, 0.03f, 0.2f}), Mat4::translation({-0.55f, 0.9f, 0.2f})},
         {box({0.03f, 0.03f, 0.2f}), Mat4::translation({0.55f, 0.9f, 0.2f})}});
    add({0.2f, 0.35f, 0.55f}, 0.0f,
        {{box({1.4f, 1.0f, 0.01f}), Mat4::translation({0, 0.9f, 0.011f})}});
    add({0.9f, 0.85f, 0.7f}, 0.1f,
        {{r3d::cylinder(0.03f, 0.7f, 12), Mat4::translation({1.9f, 2.0f, 0.7f})},
         {r3d::cone(0.25f, 0.18f, 20), Mat4::translation({1.9f, 2.0f, 1.5f})}});
    add({0.35f, 0.25f, 0.18f}, 0.05f,
        {{box({0.5f, 0.18f, 0.9f}), Mat4::translation({-2.3f, 2.25f, 0.9f})}});
    add({0.2f, 0.5f, 0.2f}, 0.0f,
        {{r3d::cylinder(0.15f, 0.15f, 16), Mat4::translation({-1.6f, 0.8f, 0.15f})},
         {r3d::sphere(0.32f, 16, 8), Mat4::translation({-1.6f, 0.8f, 0.6f})}});
  }

  void render(const std::int64_t* c, SceneTarget& t, std::uint8_t* out) const override {
    auto v = [&](int k) { return static_cast<float>(factors_[k].values[c[k]]); };
    const float intensity = 0.5f + 1.0f * v(0);
    const Vec3 light{-2.2f + 4.4f * v(1), -1.0f + 3.0f * v(2), 0.8f + 1.6f * v(3)};
    const Vec3 eye{-1.5f + 3.0f * v(4), -4.2f + 1.6f * v(5), 0.6f + 1.6f * v(6)};

    r3d::Lighting lighting;
    lighting.ambient = {0.18f, 0.18f, 0.2f};
    lighting.lights.push_back({false, {}, light, Vec3{1.0f, 0.95f, 0.85f} * intensity, 0.08f});
    // The point light's shadow map looks from the light at the room centre (a wide perspective view).
    t.shadow.begin(r3d::Camera::look_at(light, {0, 1.0f, 0.3f}, {0, 0, 1},
                                        focal(125.0f, kShadowSize), kShadowSize / 2.0f,
                                        kShadowSize / 2.0f, 0.05f, 30.0f));
    for (const auto& it : items_) t.shadow.draw(it.mesh, Mat4::identity());
    lighting.shadow = &t.shadow;

    t.target.begin(r3d::Camera::look_at(eye, kCentre, {0, 0, 1}, focal(55.0f, resolution_),
                                        resolution_ / 2.0f, resolution_ / 2.0f, 0.05f, 30.0f),
                   {0.1f, 0.1f, 0.1f});
    r3d::Material floor;
    floor.color = {0.62f, 0.45f, 0.3f};
    floor.grain = 0.1f;
    floor.grain_scale = 6.0f;
    t.target.draw(floor_, Mat4::identity(), floor, lighting);
    r3d::Material wall;
    wall.color = {0.85f, 0.82f, 0.74f};
    wall.grain = 0.03f;
    t.target.draw(walls_, Mat4::identity(), wall, lighting);
    for (const auto& it : items_) {
      r3d::Material m;
      m.color = it.color;
      m.specular = it.specular;
      t.target.draw(it.mesh, Mat4::identity(), m, lighting);
    }
    t.target.resolve(out);
  }

 private:
  r3d::Mesh floor_, walls_;
  std::vector<Item> items_;
};

}  // namespace

FB_REGISTER_GRID_SCENE(
    {"falcor3d", "Falcor3D-like 64x64x3 (128 optional), 233,280 images: light and camera position",
     "Falcor3D-like (/images, /labels/classes, /labels/values)",
     [](int resolution) { return std::make_shared<Falcor3dScene>(resolution); }});

}  // namespace fb::data::scene
