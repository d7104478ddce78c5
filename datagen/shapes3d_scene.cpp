// The 3dshapes-like scene (docs/protocols.md §1.3): a square room with floor, back wall and two side walls
// under a light-blue sky, one of four shapes centred on the floor, a directional light from the upper
// left behind the camera with a soft shadow, and the orientation factor as a camera azimuth about the
// object. Constants are calibrated by eye against the release's look (the original camera is unpublished).
#include <cmath>

#include "datagen/dsprites_geometry.h"
#include "datagen/scene_util.h"

namespace fb::data::scene {

namespace {

using r3d::Mat4;
using r3d::Vec3;

constexpr float kPi = 3.14159265358979f;
constexpr float kHalfRoom = 3.5f;     // 7x7 units
constexpr float kWallHeight = 2.6f;   // the sky shows above the walls
constexpr float kObjectSize = 1.25f;  // edge of the scale-1 cube
const Vec3 kSky{153 / 255.0f, 226 / 255.0f, 249 / 255.0f};
const Vec3 kLightDir =
    r3d::normalize({-0.55f, -0.9f, 1.1f});  // towards the light: upper left, behind

class Shapes3dScene : public GridScene {
 public:
  explicit Shapes3dScene(int resolution) {
    name_ = "shapes3d";
    resolution_ = resolution;
    layout_ = GridLayout::kShapes3d;
    std::vector<double> hues;
    for (int i = 0; i < 10; ++i) hues.push_back(i / 10.0);
    factors_ = {{"floor_hue", hues},        {"wall_hue", hues},
                {"object_hue", hues},       {"scale", dsprites::linspace(0.75, 1.25, 8)},
                {"shape", index_values(4)}, {"orientation", dsprites::linspace(-30, 30, 15)}};
    floor_.add_quad({-kHalfRoom, -kHalfRoom, 0}, {kHalfRoom, -kHalfRoom, 0},
                    {kHalfRoom, kHalfRoom, 0}, {-kHalfRoom, kHalfRoom, 0});
    const float h = kWallHeight;
    walls_.add_quad({-kHalfRoom, kHalfRoom, 0}, {kHalfRoom, kHalfRoom, 0},
                    {kHalfRoom, kHalfRoom, h}, {-kHalfRoom, kHalfRoom, h});  // back
    walls_.add_quad({kHalfRoom, kHalfRoom, 0}, {kHalfRoom, -kHalfRoom, 0},
                    {kHalfRoom, -kHalfRoom, h}, {kHalfRoom, kHalfRoom, h});  // right
    walls_.add_quad({-kHalfRoom, -kHalfRoom, 0}, {-kHalfRoom, kHalfRoom, 0},
                    {-kHalfRoom, kHalfRoom, h}, {-kHalfRoom, -kHalfRoom, h});  // left
    // Listed counter-clockwise as seen from inside: the walls face into the room.
    shapes_[0] = r3d::cube();
    shapes_[1] = r3d::cylinder(0.5f, 0.5f, 32);
    shapes_[2] = r3d::sphere(0.5f, 32, 16);
    shapes_[3] = r3d::capsule(0.36f, 0.18f, 32, 16);  // 1.08 tall, like a pill standing up
  }

  void render(const std::int64_t* c, SceneTarget& t, std::uint8_t* out) const override {
    const auto floor_hue = static_cast<float>(factors_[0].values[c[0]]);
    const auto wall_hue = static_cast<float>(factors_[1].values[c[1]]);
    const auto object_hue = static_cast<float>(factors_[2].values[c[2]]);
    const auto scale = static_cast<float>(factors_[3].values[c[3]]);
    const int shape = static_cast<int>(c[4]);
    const float azimuth = static_cast<float>(factors_[5].values[c[5]]) * kPi / 180.0f;

    // The object stands on the floor at the room's centre.
    const float s = kObjectSize * scale;
    const float half_height = shape == 3 ? 0.54f * s : 0.5f * s;
    const Mat4 object = Mat4::translation({0, 0, half_height}) * Mat4::scale({s, s, s});

    r3d::Lighting lighting;
    lighting.ambient = {0.5f, 0.5f, 0.5f};
    lighting.lights.push_back({true, kLightDir, {}, {0.55f, 0.55f, 0.55f}, 0});
    // The shadow map depends on the shape and scale only; the full grid varies orientation fastest,
    // so 14 of 15 images reuse their predecessor's map.
    const std::int64_t shadow_key = c[4] * 1000 + c[3];
    if (t.shadow_key != shadow_key) {
      t.shadow.begin(light_camera(kLightDir, {0, 0, 0.5f}, 2.0f, kShadowSize));
      t.shadow.draw(shapes_[shape], object);
      t.shadow_key = shadow_key;
    }
    lighting.shadow = &t.shadow;

    // Orientation: the camera orbits the object; the room turns with respect to the view.
    const Vec3 eye = Mat4::rotation_z(azimuth).point({0, -3.0f, 1.55f});
    const float f = focal(62.0f, resolution_);
    t.target.begin(r3d::Camera::look_at(eye, {0, 0, 0.95f}, {0, 0, 1}, f, resolution_ / 2.0f,
                                        resolution_ / 2.0f, 0.05f, 30.0f),
                   kSky);
    r3d::Material floor;
    floor.color = hsv(floor_hue, 0.85f, 0.95f);
    floor.grain = 0.045f;
    floor.grain_scale = 5.0f;
    t.target.draw(floor_, Mat4::identity(), floor, lighting);
    r3d::Material wall;
    wall.color = hsv(wall_hue, 0.85f, 0.95f);
    wall.grain = 0.03f;
    wall.grain_scale = 3.0f;
    t.target.draw(walls_, Mat4::identity(), wall, lighting);
    r3d::Material body;
    body.color = hsv(object_hue, 0.9f, 0.95f);
    body.specular = 0.12f;
    body.shininess = 24.0f;
    body.receives_shadow = false;
    t.target.draw(shapes_[shape], object, body, lighting);
    t.target.resolve(out);
  }

 private:
  r3d::Mesh floor_, walls_, shapes_[4];
};

}  // namespace

FB_REGISTER_GRID_SCENE(
    {"shapes3d",
     "3dshapes-like 64x64x3, 480,000 images: floor/wall/object hue, scale, shape, orientation",
     "3dshapes-like in the 3dshapes.h5 layout (/images, /labels)", [](int resolution) {
       if (resolution != 64)
         throw ConfigError("shapes3d: resolution must be 64, as in 3dshapes.h5 (got " +
                           std::to_string(resolution) + ")");
       return std::make_shared<Shapes3dScene>(resolution);
     }});

}  // namespace fb::data::scene
