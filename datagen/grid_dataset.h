// Datasets over a GridScene: images held in memory (from a file or rendered), their factor classes,
// and the scene as the ground-truth oracle. Reads our files and the official 3dshapes.h5.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "core/config.h"
#include "datagen/grid_scene.h"

namespace fb::data {

/// Registry config of the grid datasets (shapes3d, mpi3d, falcor3d, isaac3d).
struct GridOpenConfig {
  std::int64_t seed = 0;
  std::int64_t count = 0;  ///< 0: the full dataset (generated into the cache once); >0: in memory
  std::int64_t resolution = 64;  ///< 64 or 128 (3dshapes: 64)
  template <class V>
  void visit(V&& v) {
    v("seed", seed, "seed of the random subset when count > 0");
    v("count", count,
      "0 = whole dataset from the cache; >0 = that many random grid points rendered in memory");
    v("resolution", resolution, "image side: 64 or 128 (shapes3d: 64)");
  }
  void validate(const std::string& where) const;
};

class GridDataset : public Dataset {
 public:
  /// Opens a grid file: ours (either layout; the scene is named by the root attribute `dataset`) or
  /// the official 3dshapes.h5 (/images + /labels; classes from each label column's sorted values).
  static std::unique_ptr<GridDataset> from_file(const std::string& path);
  /// `count` distinct grid points drawn with `seed` (stored in index order), rendered in memory.
  static std::unique_ptr<GridDataset> procedural(std::shared_ptr<const GridScene> scene,
                                                 std::int64_t count, std::int64_t seed);

  std::string name() const override { return scene_->name(); }
  /// Renders the scene, or returns the stored image when the dataset holds the whole grid in index
  /// order from a file without our generator's mark (the official release: its pixels, not ours).
  void render(const std::int64_t* classes, std::int64_t n, Rng& rng,
              std::uint8_t* out) const override;
  const GridScene& scene() const { return *scene_; }

 private:
  explicit GridDataset(std::shared_ptr<const GridScene> scene);
  std::shared_ptr<const GridScene> scene_;
  bool lookup_ = false;
};

/// Distinct flat grid indices (sorted) of the rows a generator writes: the grid points that pass
/// `subset` ("factor=a" or "factor=a:b" (classes a..b-1), comma-separated; empty = all), then `count`
/// of them drawn at random with `seed` when count > 0. Throws ConfigError naming `where`.
std::vector<std::int64_t> select_grid_rows(const GridScene& scene, const std::string& subset,
                                           std::int64_t count, std::int64_t seed,
                                           const std::string& where);

}  // namespace fb::data
