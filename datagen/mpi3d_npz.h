// The MPI3D releases (mpi3d_toy.npz, mpi3d_realistic.npz, mpi3d_real.npz: one `images` array of
// (N,64,64,3) uint8 in factor-grid order). A stored member (np.savez, which the releases are) is
// streamed: gather reads only the requested images from the file, so the 12.7 GB of a release is
// never held. A deflated member cannot be seeked and is held in memory up to a limit
// (docs/datasets.md "Released files").
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "datagen/dataset.h"

namespace fb::npy {
class Npz;
}

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

/// The most pixel bytes a deflated `images` member is decompressed into memory for (2 GiB): above
/// it the file is refused with the way to a stored copy.
constexpr std::uint64_t kMpi3dMaxHeldDeflatedBytes = std::uint64_t(1) << 31;

class Mpi3dNpzDataset : public Dataset {
 public:
  /// Opens an archive with an `images` array of (N,64,64,3) uint8 whose N is a declared grid's count.
  /// A stored member is streamed (nothing but the factor classes is held); a deflated one is
  /// decompressed into memory when it holds at most `max_held_deflated` bytes. DataError naming the
  /// file otherwise.
  static std::unique_ptr<Mpi3dNpzDataset> open(
      const std::string& path, std::uint64_t max_held_deflated = kMpi3dMaxHeldDeflatedBytes);
  ~Mpi3dNpzDataset() override;

  std::string name() const override { return "mpi3d"; }
  /// The image at the classes' flat index (the release's pixels).
  void render(const std::int64_t* classes, std::int64_t n, Rng& rng,
              std::uint8_t* out) const override;
  /// Reads images `indices` from the file (a stored member: one seek per run of consecutive
  /// indices) or copies them from memory (a deflated member). DataError for an index outside the
  /// file or a short read.
  void gather(const std::vector<std::int64_t>& indices, std::uint8_t* out) const override;
  /// True when the images are read from the file on demand rather than held.
  bool streamed() const { return npz_ != nullptr; }
  const Mpi3dGrid& grid() const { return grid_; }
  /// Flat index (C order, last factor fastest) of classes int64 [7].
  std::int64_t flat_index(const std::int64_t* classes) const;

 private:
  Mpi3dNpzDataset() = default;
  Mpi3dGrid grid_;
  std::unique_ptr<npy::Npz> npz_;  ///< the open archive while streaming; null when held
};

}  // namespace fb::data
