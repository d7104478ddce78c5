// A procedural 3D scene over a discrete factor grid (the 3dshapes-, MPI3D-, Falcor3D- and Isaac3D-like
// datasets): its factors in file order and a renderer for any factor classes.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "datagen/dataset.h"
#include "datagen/rasteriser3d.h"

namespace fb::data {

/// Per-thread render state (a supersampled target and a shadow map); make one per thread.
struct SceneTarget {
  SceneTarget(int resolution, int supersample, int shadow_size);
  r3d::Rasteriser target;
  r3d::ShadowMap shadow;
};

/// How a grid dataset's file stores its labels (docs/protocols.md §1.7).
enum class GridLayout {
  kShapes3d,  ///< /images (N,H,W,3) u8 + /labels (N,K) f64 values, as the official 3dshapes.h5
  kClasses,   ///< /images (N,H,W,3) u8 + /labels/classes (N,K) i64 + /labels/values (N,K) f64
};

class GridScene {
 public:
  virtual ~GridScene() = default;
  /// Registry name ("shapes3d", "mpi3d", ...).
  const std::string& name() const { return name_; }
  /// Factors in file column order; the flat index is C order with the last factor fastest.
  const std::vector<Factor>& factors() const { return factors_; }
  int num_factors() const { return static_cast<int>(factors_.size()); }
  int resolution() const { return resolution_; }
  GridLayout layout() const { return layout_; }
  /// Number of grid points (images of the full dataset).
  std::int64_t grid_size() const;
  /// Flat index of classes (int64 [K]) and its inverse.
  std::int64_t flat_index(const std::int64_t* classes) const;
  void classes_of(std::int64_t index, std::int64_t* classes) const;

  /// A render state for this scene (one per thread).
  SceneTarget make_target() const { return SceneTarget(resolution_, kSupersample, kShadowSize); }
  /// Renders classes (int64 [K]) into out (uint8 [R,R,3]). A pure function of the classes.
  virtual void render(const std::int64_t* classes, SceneTarget& target,
                      std::uint8_t* out) const = 0;

 protected:
  static constexpr int kSupersample = 3;
  static constexpr int kShadowSize = 384;
  std::string name_;
  std::vector<Factor> factors_;
  int resolution_ = 64;
  GridLayout layout_ = GridLayout::kClasses;
};

/// The grid scenes by name: shapes3d, mpi3d, falcor3d, isaac3d. `resolution` 64 or 128 (3dshapes: 64).
/// Throws ConfigError for an unknown name or resolution.
std::shared_ptr<const GridScene> make_grid_scene(const std::string& name, int resolution);
/// Names make_grid_scene accepts.
std::vector<std::string> grid_scene_names();

}  // namespace fb::data
