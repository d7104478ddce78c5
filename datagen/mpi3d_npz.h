// The MPI3D releases (mpi3d_toy.npz, mpi3d_realistic.npz, mpi3d_real.npz: one `images` array of
// (N,64,64,3) uint8 in factor-grid order), held in memory as disentanglement_lib's loader holds them
// (docs/datasets.md "Released files").
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "datagen/dataset.h"

namespace fb::data {

/// One MPI3D grid: the factor sizes (release order) that a given image count means.
struct Mpi3dGrid {
  std::string release;              ///< which files have it, for messages and `info`
  std::vector<std::int64_t> sizes;  ///< object_color, object_shape, object_size, camera_height,
                                    ///< background_color, horizontal_axis, vertical_axis
  std::int64_t count() const;
};
/// The declared grids, recognised by image count: the final releases (6·6·2·3·3·40·40 = 1,036,800)
/// and the NeurIPS 2019 challenge files disentanglement_lib's toy/realistic modes expect (4·4·…,
/// 460,800). Tests append tiny grids.
std::vector<Mpi3dGrid>& mpi3d_grids();

class Mpi3dNpzDataset : public Dataset {
 public:
  /// Opens an archive with an `images` array of (N,64,64,3) uint8 whose N is a declared grid's count
  /// (stored or deflated member). DataError naming the file otherwise.
  static std::unique_ptr<Mpi3dNpzDataset> open(const std::string& path);

  std::string name() const override { return "mpi3d"; }
  /// The held image at the classes' flat index (the release's pixels).
  void render(const std::int64_t* classes, std::int64_t n, Rng& rng,
              std::uint8_t* out) const override;
  const Mpi3dGrid& grid() const { return grid_; }
  /// Flat index (C order, last factor fastest) of classes int64 [7].
  std::int64_t flat_index(const std::int64_t* classes) const;

 private:
  Mpi3dNpzDataset() = default;
  Mpi3dGrid grid_;
};

}  // namespace fb::data
