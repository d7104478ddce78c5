// `generate shapes3d|mpi3d|falcor3d|isaac3d`: writes a grid scene's dataset in its layout
// (docs/protocols.md §1.7), optionally a subset of the grid, plus fixed-factor metric groups.
#pragma once

#include <cstdint>
#include <string>

#include "core/config.h"
#include "datagen/generator.h"
#include "datagen/grid_scene.h"

namespace fb::data {

struct GridGenerateConfig {
  std::int64_t seed = 0;
  std::int64_t resolution = 64;  ///< 64 or 128 (3dshapes: 64)
  std::string subset;       ///< "factor=a" / "factor=a:b", comma-separated; empty = the whole grid
  std::int64_t count = 0;   ///< 0 = every selected grid point; >0 = that many at random
  std::int64_t groups = 0;  ///< metric groups M (0 = none)
  std::int64_t group_size = 100;  ///< images per metric group L
  template <class V>
  void visit(V&& v) {
    v("seed", seed, "seed of the random subset (count) and of the metric groups");
    v("resolution", resolution, "image side: 64 or 128 (shapes3d: 64)");
    v("subset", subset,
      "grid points to keep: FACTOR=a or FACTOR=a:b (classes a..b-1), comma-separated");
    v("count", count,
      "0 = all selected grid points; >0 = that many drawn at random (kept in index order)");
    v("groups", groups,
      "fixed-factor metric groups M written to /metric (group g fixes factor g mod K)");
    v("group_size", group_size, "images per metric group L");
  }
  void validate(const std::string& where) const;
};

/// Fixed-factor groups over a factor grid (InfoGAN-CR evaluation format): int64 [groups, size, K] of
/// uniform classes, with factor g mod K of group g set to its first sample's class.
std::vector<std::int64_t> grid_metric_classes(const std::vector<Factor>& factors,
                                              std::int64_t groups, std::int64_t size, Rng& rng);

/// Writes `name`'s file (make_grid_scene) to `out`: /images, labels in the scene's layout, /indices when
/// not the whole grid, /metric when groups > 0, and root attributes (dataset, factor_names, factor_sizes,
/// resolution, seed, generator) plus /factor_values attributes.
GenerateReport generate_grid(const std::string& name, const GridGenerateConfig& config,
                             const std::string& out, bool force);

}  // namespace fb::data
