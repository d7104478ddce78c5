// The MPI3D-like scene (docs/protocols.md §1.5): a robot arm on a dark stage holds an object at its tip in
// front of a coloured backdrop; factors are the object's colour, shape and size, the camera height, the
// backdrop colour and the arm's two rotation axes. Factor values are the class indices (the original
// stores no labels).
#include <cmath>

#include "datagen/scene_util.h"

namespace fb::data::scene {

namespace {

using r3d::Mat4;
using r3d::Vec3;

constexpr float kPi = 3.14159265358979f;
const Vec3 kObjectColors[6] = {{0.92f, 0.92f, 0.92f}, {0.12f, 0.62f, 0.2f},  {0.8f, 0.1f, 0.1f},
                               {0.1f, 0.22f, 0.8f},   {0.45f, 0.28f, 0.12f}, {0.5f, 0.52f, 0.12f}};
const Vec3 kBackdrops[3] = {{0.45f, 0.26f, 0.58f}, {0.18f, 0.56f, 0.36f}, {0.95f, 0.52f, 0.45f}};
const float kCameraHeights[3] = {1.25f, 0.62f, 0.22f};  // top, center, bottom
const Vec3 kBase{0, 0.45f, 0};                          // arm base on the stage, behind the centre
constexpr float kShoulder = 0.62f, kArm = 0.5f;

class Mpi3dScene : public GridScene {
 public:
  explicit Mpi3dScene(int resolution) {
    name_ = "mpi3d";
    resolution_ = resolution;
    factors_ = {{"object_color", index_values(6)},     {"object_shape", index_values(6)},
                {"object_size", index_values(2)},      {"camera_height", index_values(3)},
                {"background_color", index_values(3)}, {"horizontal_axis", index_values(40)},
                {"vertical_axis", index_values(40)}};
    stage_.add_quad({-3, -3, 0}, {3, -3, 0}, {3, 3, 0}, {-3, 3, 0});
    backdrop_.add_quad({-3, 1.6f, -0.5f}, {3, 1.6f, -0.5f}, {3, 1.6f, 3}, {-3, 1.6f, 3});
    column_ = r3d::cylinder(1, 1, 16);
    joint_ = r3d::sphere(1, 16, 8);
    shapes_[0] = r3d::cone(0.5f, 0.5f, 24);
    shapes_[1] = r3d::cube();
    shapes_[2] = r3d::cylinder(0.5f, 0.5f, 24);
    shapes_[3] = r3d::prism(0.55f, 0.45f, 6);
    shapes_[4] = r3d::pyramid(0.5f, 0.5f);
    shapes_[5] = r3d::sphere(0.5f, 24, 12);
  }

  void render(const std::int64_t* c, SceneTarget& t, std::uint8_t* out) const override {
    const float size = c[2] == 0 ? 0.16f : 0.25f;
    // Horizontal axis: yaw of the arm about the column, ±60°; vertical axis: its pitch, -35°..+70°.
    const float yaw = (static_cast<float>(c[5]) / 39.0f - 0.5f) * (2 * kPi / 3);
    const float pitch = (-35.0f + 105.0f * static_cast<float>(c[6]) / 39.0f) * kPi / 180.0f;
    const Vec3 shoulder = kBase + Vec3{0, 0, kShoulder};
    // The arm points towards the camera (-y) at yaw 0 and pitch 0.
    const Vec3 dir{std::sin(yaw) * std::cos(pitch), -std::cos(yaw) * std::cos(pitch),
                   std::sin(pitch)};
    const Vec3 tip = shoulder + dir * kArm;
    const Mat4 object = Mat4::translation(tip + dir * (size * 0.55f)) * Mat4::rotation_z(yaw) *
                        Mat4::scale({size, size, size});

    const Vec3 light_dir = r3d::normalize({0.3f, -0.7f, 1.0f});
    r3d::Lighting lighting;
    lighting.ambient = {0.35f, 0.35f, 0.35f};
    lighting.lights.push_back({true, light_dir, {}, {0.75f, 0.75f, 0.75f}, 0});
    const Mat4 column = segment(kBase, shoulder, 0.05f), arm = segment(shoulder, tip, 0.035f);
    const Mat4 joint = Mat4::translation(shoulder) * Mat4::scale({0.06f, 0.06f, 0.06f});
    t.shadow.begin(light_camera(light_dir, {0, 0.3f, 0.5f}, 1.6f, kShadowSize));
    t.shadow.draw(column_, column);
    t.shadow.draw(column_, arm);
    t.shadow.draw(shapes_[c[1]], object);
    lighting.shadow = &t.shadow;

    const Vec3 eye{0, -1.7f, kCameraHeights[c[3]]};
    t.target.begin(
        r3d::Camera::look_at(eye, {0, 0.25f, 0.55f}, {0, 0, 1}, focal(44.0f, resolution_),
                             resolution_ / 2.0f, resolution_ / 2.0f, 0.05f, 30.0f),
        kBackdrops[c[4]] * 0.6f);
    r3d::Material stage;
    stage.color = {0.12f, 0.12f, 0.13f};
    stage.grain = 0.15f;
    stage.grain_scale = 12.0f;
    t.target.draw(stage_, Mat4::identity(), stage, lighting);
    r3d::Material backdrop;
    backdrop.color = kBackdrops[c[4]];
    backdrop.grain = 0.06f;
    backdrop.grain_scale = 6.0f;
    t.target.draw(backdrop_, Mat4::identity(), backdrop, lighting);
    r3d::Material metal;
    metal.color = {0.55f, 0.56f, 0.6f};
    metal.specular = 0.3f;
    t.target.draw(column_, column, metal, lighting);
    t.target.draw(column_, arm, metal, lighting);
    t.target.draw(joint_, joint, metal, lighting);
    r3d::Material body;
    body.color = kObjectColors[c[0]];
    body.specular = 0.15f;
    t.target.draw(shapes_[c[1]], object, body, lighting);
    t.target.resolve(out);
  }

 private:
  r3d::Mesh stage_, backdrop_, column_, joint_, shapes_[6];
};

}  // namespace

FB_REGISTER_GRID_SCENE(
    {"mpi3d",
     "MPI3D-like 64x64x3 (128 optional), 1,036,800 images, 7 factors (procedural stand-in)",
     "MPI3D-like (/images, /labels/classes, /labels/values)",
     [](int resolution) { return std::make_shared<Mpi3dScene>(resolution); }});

}  // namespace fb::data::scene
