// A small deterministic software rasteriser for the 3D factor datasets.
//
// Pipeline per draw call: vertices to world and clip space; triangles culled (back faces, outside the
// guard band) and clipped against the near plane and a guard band in homogeneous space; vertices snapped to
// 1/16 of a sample; coverage by integer edge functions with the top-left fill rule (shared edges are
// covered exactly once, no cracks); z-buffer on z/w; perspective-correct interpolation of the varyings;
// shading per vertex (Gouraud, Lambert) or per sample (Blinn-Phong with a PCF shadow map); rendered at
// `supersample`² samples per pixel and box-filtered to uint8 RGB. Everything is a pure function of the
// inputs and runs on one thread, so the same scene gives the same bytes on any machine or thread count
// (with the same compiler and flags); parallelism is over images, one Rasteriser per thread. Work that
// cannot change a byte is skipped, e.g. a later draw's triangles hidden behind the depths earlier ones left.
#pragma once

#include <cstdint>
#include <vector>

#include "datagen/math3d.h"
#include "datagen/mesh3d.h"

namespace fb::data::r3d {

/// A camera: world -> camera (x right, y down, z forward) -> clip. Clip coordinates map to pixel
/// coordinates of the final image, u = x/w, v = y/w (pixel (i, j) covers [i, i+1) x [j, j+1)), and to
/// depth z/w in [0, 1] between the near and far planes.
struct Camera {
  Mat4 view, projection, view_projection;
  Vec3 eye;  ///< position (perspective) or a point on the view axis (orthographic)
  bool perspective = true;

  /// Pinhole camera at `eye` looking at `target`, `up` the world's up; focal length `focal_px` and
  /// principal point (cx, cy) in pixels of the final image.
  static Camera look_at(const Vec3& eye, const Vec3& target, const Vec3& up, float focal_px,
                        float cx, float cy, float near, float far);
  /// Orthographic camera along `eye` -> `target` covering [-half, half]² world units on a `size` pixel
  /// square image (shadow maps of directional lights).
  static Camera orthographic(const Vec3& eye, const Vec3& target, const Vec3& up, float half,
                             int size, float near, float far);
};

/// Which triangles to skip: those facing away from the camera (closed solids), those facing it (the
/// inside of a shell seen through its openings), or none.
enum class Cull { kBack, kFront, kNone };

enum class Shading {
  kUnlit,    ///< the material colour, no lighting
  kGouraud,  ///< Lambert lighting per vertex, colours interpolated (no shadows)
  kPhong,    ///< Blinn-Phong per sample with shadows and procedural grain
};

struct Material {
  Vec3 color{1, 1, 1};  ///< albedo, linear RGB in [0, 1]
  Shading shading = Shading::kPhong;
  float specular = 0.0f;  ///< Blinn-Phong specular weight (white highlights)
  float shininess = 32.0f;
  float grain = 0.0f;        ///< amplitude of multiplicative value noise (faint textures), 0 = none
  float grain_scale = 4.0f;  ///< noise frequency in cycles per world unit
  Cull cull = Cull::kBack;
  bool receives_shadow = true;
};

/// A light. Directional lights shine along -direction (direction points towards the light); point
/// lights from `position` with intensity falling off as 1 / (1 + falloff * d^2).
struct Light {
  bool directional = true;
  Vec3 direction{0, 0, 1};
  Vec3 position{0, 0, 0};
  Vec3 color{1, 1, 1};
  float falloff = 0.0f;
};

class ShadowMap;

/// Everything that lights a draw call. Colour = albedo * (ambient + sum diffuse terms) + specular,
/// clamped to [0, 1]. The first light is shadowed by `shadow` when set.
struct Lighting {
  Vec3 ambient{0.3f, 0.3f, 0.3f};
  std::vector<Light> lights;
  const ShadowMap* shadow = nullptr;
};

/// A render target with its z-buffer and the per-draw scratch; reuse one per thread.
class Rasteriser {
 public:
  static constexpr int kMaxVaryings = 6;
  /// `width` x `height` output pixels at `supersample` x `supersample` samples each.
  Rasteriser(int width, int height, int supersample);

  int width() const { return width_; }
  int height() const { return height_; }
  int supersample() const { return ss_; }

  /// Starts a frame: every sample gets `clear` and depth 1 (the far plane).
  void begin(const Camera& camera, const Vec3& clear);
  /// Draws `mesh` placed by `model` (object -> world).
  void draw(const Mesh& mesh, const Mat4& model, const Material& material,
            const Lighting& lighting);
  /// Box-filters the samples into `out`: uint8 [height, width, 3], round(255 * mean).
  void resolve(std::uint8_t* out) const;

  /// Depth-only pass for ShadowMap: draws into the z-buffer only (no culling).
  void draw_depth(const Mesh& mesh, const Mat4& model);
  /// z/w per sample, row-major [height*ss, width*ss] (followed by 3 floats of padding).
  const std::vector<float>& depth() const { return depth_; }
  const Camera& camera() const { return camera_; }

 private:
  /// A vertex after transformation: clip position and up to 6 varyings (colour, or position + normal).
  struct ClipVertex {
    Vec4 clip;
    float var[kMaxVaryings];
  };
  /// A vertex inside the guard band projected to sample space: snapped position (1/16 sample), z/w, 1/w.
  /// Inside the guard band |x|, |y| <= 2 * 16 * (samples across), far inside int32.
  struct Projected {
    std::int32_t x, y;
    float z, iw;
  };
  inline Projected project(const Vec4& clip) const;
  /// A triangle after culling, oriented with positive area, and its sample bounding box (inclusive).
  struct Triangle {
    const Projected* v[3];
    const float* var[3];
    std::int64_t area;
    int i0, i1, j0, j1;
    bool swapped;  ///< the last two vertices were swapped to orient it
    /// The varyings of the vertices as given to setup(), in the triangle's order.
    void set_varyings(const float* a, const float* b, const float* c) {
      var[0] = a, var[1] = swapped ? c : b, var[2] = swapped ? b : c;
    }
  };
  /// Orients and bounds triangle a, b, c; false when it is culled, degenerate or covers no sample
  /// centre (the varyings are then never needed: set them with Triangle::set_varyings afterwards).
  __attribute__((always_inline)) bool setup(const Projected* a, const Projected* b,
                                            const Projected* c, Cull cull, Triangle* t) const;
  template <int kVaryings, class Shade>
  void fill(const Triangle& t, const Shade& shade);
  /// A triangle select_triangles() kept: the offset of its first index, with kClipFlag set when a vertex
  /// is outside a clip plane; else also twice its signed area and its sample box (inclusive), valid in
  /// 32-bit mode (edge32_) only.
  struct Kept {
    std::uint32_t first;
    std::int32_t area;
    std::int16_t i0, j0, i1, j1;
  };
  /// setup() and fill() in 32-bit arithmetic (edge32_), four samples of a row at a time, for a triangle
  /// select_triangles() kept inside the clip planes (area and box from `kept`). `occlusion`: skip it when
  /// hidden() says so.
  template <int kVaryings, class Shade>
  void fill32(const Projected* a, const Projected* b, const Projected* c, const float* va,
              const float* vb, const float* vc, const Kept& kept, bool occlusion,
              const Shade& shade);
  /// Culls all triangles of `mesh` without branches (the cull outcome is unpredictable for small
  /// triangles) and lists the survivors in kept_. Returns their number; grows `dirty` (x0, x1, y0, y1) by
  /// the boxes of those without kClipFlag (what drawing them touches).
  template <class Int>
  std::size_t select_triangles(const Mesh& mesh, Cull cull, int* dirty);
  template <int kVaryings, class Shade>
  void clip_and_rasterise(const ClipVertex& a, const ClipVertex& b, const ClipVertex& c,
                          int outside_any, Cull cull, const Shade& shade);
  /// Fills verts_[i].clip, outcodes_ (bit p set when the vertex is outside clip plane p: near, far,
  /// then the guard band's left, right, top, bottom) and, for vertices inside, projected_.
  void transform_vertices(const Mesh& mesh, const Mat4& model);
  /// Culls, prepares the varyings (prepare(list, n): of the n vertices in list) and fills.
  template <int kVaryings, class Shade, class Prepare>
  void draw_triangles(const Mesh& mesh, Cull cull, const Shade& shade, const Prepare& prepare);
  /// Whether every sample of the box i0..i1 x j0..j1 holds a depth <= `limit` as of this draw's start
  /// (a triangle whose depths all exceed `limit` then passes no depth test). Tiles of 4x4 samples keep
  /// their maximum depth, computed on first use in a draw (depths only decrease within a draw).
  bool hidden(float limit, int i0, int i1, int j0, int j1);

  int width_, height_, ss_, sw_, sh_;
  bool edge32_;  ///< edge functions fit in int32 at this resolution (kMaxSamples32 in the .cpp)
  std::size_t plane_;  ///< floats per colour plane: sw * sh and 3 of padding
  Camera camera_;
  std::vector<float> color_;  ///< planes R, G, B, each [sh, sw] (+ padding), plane_ floats apart
  std::vector<float> depth_;  ///< [sh, sw] (+ padding)
  std::vector<ClipVertex> verts_;
  Vec3 clear_;
  bool cleared_ = false;
  int dirty_[4] = {0, 0, 0,
                   0};  ///< sample rectangle x0, x1, y0, y1 (inclusive) touched since begin()
  std::vector<Projected> projected_;
  std::vector<std::uint8_t> outcodes_;
  bool any_outside_ = false;  ///< some vertex of the last transform_vertices() has an outcode
  std::vector<std::uint8_t>
      marks_;               ///< vertices whose varyings a kept triangle needs; all 0 between draws
  std::vector<Kept> kept_;  ///< select_triangles()' output
  std::vector<std::uint32_t> shade_list_;  ///< the vertices draw_triangles() prepares
  int tiles_x_;                            ///< 4x4-sample tiles across
  std::uint32_t stamp_ =
      0;  ///< the current draw's tile stamp (tile_max_ is valid where tile_stamp_ equals it)
  std::vector<float> tile_max_;
  std::vector<std::uint32_t> tile_stamp_;
};

/// Depth map of the scene seen from a light, for soft shadows (percentage-closer filtering).
class ShadowMap {
 public:
  /// `size`² texels; `radius` is the PCF kernel half-width in texels (soft edges), `bias` in depth units.
  ShadowMap(int size, int radius, float bias);
  /// Starts a map for `camera` (orthographic for directional lights).
  void begin(const Camera& camera);
  /// Adds a shadow caster.
  void draw(const Mesh& mesh, const Mat4& model) {
    target_.draw_depth(mesh, model);
    casters_found_ = false;
  }
  /// Fraction of the light reaching world point `p`, in [0, 1].
  float visibility(const Vec3& p) const;

 private:
  /// The box of texels nearer than the far plane (empty: x0 > x1), found on the first visibility()
  /// after a draw: a point whose kernel lies outside it sees only far-plane texels, so its answer is
  /// all or nothing without reading the kernel (the same value the kernel gives).
  void find_casters() const;
  Rasteriser target_;
  int size_, radius_;
  float bias_;
  mutable bool casters_found_ = false;
  mutable int x0_ = 0, y0_ = 0, x1_ = -1, y1_ = -1;
};

}  // namespace fb::data::r3d
