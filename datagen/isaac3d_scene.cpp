// The Isaac3D-like scene (docs/protocols.md §1.5): a robot arm in a room holds an object; factors in the
// order the official index coefficients imply: object shape, the arm's x and y reach, camera height,
// object scale, light intensity, light direction about y, object colour, wall colour. Values i/(m-1).
#include <cmath>

#include "datagen/scene_util.h"

namespace fb::data::scene {

namespace {

using r3d::Mat4;
using r3d::Vec3;

constexpr float kPi = 3.14159265358979f;
const Vec3 kObjectColors[4] = {
    {0.85f, 0.15f, 0.12f}, {0.15f, 0.65f, 0.2f}, {0.15f, 0.3f, 0.85f}, {0.9f, 0.8f, 0.15f}};
const Vec3 kWallColors[4] = {
    {0.8f, 0.8f, 0.78f}, {0.55f, 0.7f, 0.85f}, {0.85f, 0.7f, 0.5f}, {0.75f, 0.55f, 0.65f}};
const Vec3 kBase{0, 1.0f, 0};
constexpr float kShoulderHeight = 0.55f, kUpper = 0.75f, kFore = 0.75f;

class Isaac3dScene : public GridScene {
 public:
  explicit Isaac3dScene(int resolution) {
    name_ = "isaac3d";
    resolution_ = resolution;
    factors_ = {{"object_shape", unit_values(3)},   {"robot_x", unit_values(8)},
                {"robot_y", unit_values(5)},        {"camera_height", unit_values(4)},
                {"object_scale", unit_values(4)},   {"lighting_intensity", unit_values(4)},
                {"lighting_y_dir", unit_values(6)}, {"object_color", unit_values(4)},
                {"wall_color", unit_values(4)}};
    floor_.add_quad({-3, -4, 0}, {3, -4, 0}, {3, 2.2f, 0}, {-3, 2.2f, 0});
    walls_.add_quad({-3, 2.2f, 0}, {3, 2.2f, 0}, {3, 2.2f, 4.0f}, {-3, 2.2f, 4.0f});
    walls_.add_quad({3, 2.2f, 0}, {3, -4, 0}, {3, -4, 4.0f}, {3, 2.2f, 4.0f});
    walls_.add_quad({-3, -4, 0}, {-3, 2.2f, 0}, {-3, 2.2f, 4.0f}, {-3, -4, 4.0f});
    pedestal_ = r3d::cylinder(1, 1, 20);
    link_ = r3d::box({1, 1, 1});
    joint_ = r3d::sphere(1, 16, 8);
    shapes_[0] = r3d::cube();
    shapes_[1] = r3d::sphere(0.5f, 24, 12);
    shapes_[2] = r3d::cylinder(0.5f, 0.5f, 24);
  }

  void render(const std::int64_t* c, SceneTarget& t, std::uint8_t* out) const override {
    auto v = [&](int k) { return static_cast<float>(factors_[k].values[c[k]]); };
    const float size = 0.22f + 0.16f * v(4);
    // The gripper (and the object under it) moves over a 1.4 x 0.8 rectangle in front of the base.
    const Vec3 grip{-0.7f + 1.4f * v(1), -0.1f + 0.8f * v(2) - 0.4f, size + 0.35f};
    const Vec3 shoulder = kBase + Vec3{0, 0, kShoulderHeight};
    // Two-link arm: the elbow lies above the shoulder-grip line where both links reach.
    const Vec3 d = grip - shoulder;
    const float dist = r3d::length(d);
    const float along = (kUpper * kUpper - kFore * kFore + dist * dist) / (2 * dist);
    const float up = std::sqrt(std::fmax(0.0f, kUpper * kUpper - along * along));
    const Vec3 side = r3d::normalize(r3d::cross(d, {0, 0, 1}));
    const Vec3 lift = r3d::normalize(r3d::cross(side, d));
    const Vec3 elbow = shoulder + d * (along / dist) + lift * up;
    const Mat4 object =
        Mat4::translation(grip - Vec3{0, 0, 0.05f + size * 0.5f}) * Mat4::scale({size, size, size});

    // Light direction turns about the y axis from -60° to +60°; intensity 0.5 .. 1.1.
    const float angle = (-60.0f + 120.0f * v(6)) * kPi / 180.0f;
    const Vec3 light_dir{std::sin(angle), -0.35f, std::cos(angle)};
    const float intensity = 0.5f + 0.6f * v(5);
    r3d::Lighting lighting;
    lighting.ambient = {0.3f, 0.3f, 0.3f};
    lighting.lights.push_back({true, r3d::normalize(light_dir), {}, Vec3{1, 1, 1} * intensity, 0});
    const Mat4 parts[5] = {segment(kBase, shoulder, 0.16f), segment(shoulder, elbow, 0.06f),
                           segment(elbow, grip, 0.05f),
                           Mat4::translation(elbow) * Mat4::scale({0.08f, 0.08f, 0.08f}),
                           Mat4::translation(shoulder) * Mat4::scale({0.1f, 0.1f, 0.1f})};
    const r3d::Mesh* meshes[5] = {&pedestal_, &link_, &link_, &joint_, &joint_};
    t.shadow.begin(light_camera(light_dir, {0, 0.4f, 0.4f}, 1.8f, kShadowSize));
    for (int i = 0; i < 5; ++i) t.shadow.draw(*meshes[i], parts[i]);
    t.shadow.draw(shapes_[c[0]], object);
    lighting.shadow = &t.shadow;

    const Vec3 eye{0.3f, -2.6f, 0.7f + 0.45f * static_cast<float>(c[3])};
    t.target.begin(r3d::Camera::look_at(eye, {0, 0.4f, 0.45f}, {0, 0, 1}, focal(50.0f, resolution_),
                                        resolution_ / 2.0f, resolution_ / 2.0f, 0.05f, 30.0f),
                   {0.9f, 0.9f, 0.9f});
    r3d::Material floor;
    floor.color = {0.45f, 0.45f, 0.47f};
    floor.grain = 0.06f;
    floor.grain_scale = 8.0f;
    t.target.draw(floor_, Mat4::identity(), floor, lighting);
    r3d::Material wall;
    wall.color = kWallColors[c[8]];
    wall.grain = 0.02f;
    t.target.draw(walls_, Mat4::identity(), wall, lighting);
    r3d::Material robot;
    robot.color = {0.92f, 0.55f, 0.1f};
    robot.specular = 0.25f;
    for (int i = 0; i < 5; ++i) t.target.draw(*meshes[i], parts[i], robot, lighting);
    r3d::Material body;
    body.color = kObjectColors[c[7]];
    body.specular = 0.2f;
    t.target.draw(shapes_[c[0]], object, body, lighting);
    t.target.resolve(out);
  }

 private:
  r3d::Mesh floor_, walls_, pedestal_, link_, joint_, shapes_[3];
};

}  // namespace

FB_REGISTER_GRID_SCENE(
    {"isaac3d",
     "Isaac3D-like 64x64x3 (128 optional), 737,280 images, 9 factors (procedural stand-in)",
     "Isaac3D-like (/images, /labels/classes, /labels/values)",
     [](int resolution) { return std::make_shared<Isaac3dScene>(resolution); }});

}  // namespace fb::data::scene
