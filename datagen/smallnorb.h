// smallNORB from the six released files (smallnorb-5x46789x9x18x6x2x96x96-training-{dat,cat,info}.mat
// and smallnorb-5x01235x9x18x6x2x96x96-testing-*.mat) in their binary matrix format, read as
// disentanglement_lib's data/ground_truth/norb.py does (docs/datasets.md "Released files"): the left
// camera image resized to 64x64, the grid category 5 x instance 10 x elevation 9 x azimuth 18 x
// lighting 6 over both halves, and the instance left out of the factors (the oracle draws it).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "datagen/dataset.h"

namespace fb::data {

/// One binary matrix file: int32 little-endian magic (0x1E3D4C55 uint8, 0x1E3D4C54 int32,
/// 0x1E3D4C51 float32, 0x1E3D4C53 float64), int32 rank, max(3, rank) int32 dims, then the elements.
struct NorbMatrix {
  std::int32_t magic = 0;
  std::vector<std::int64_t> dims;
  std::uint64_t data_offset = 0;  ///< bytes before the first element
};
/// Reads and checks the header of `path`: DataError naming it on a wrong magic number, a negative
/// dimension, or a file shorter (or longer) than the dims declare.
NorbMatrix read_norb_header(const std::string& path);
/// The whole int32 matrix at `path` (magic 0x1E3D4C54).
std::vector<std::int32_t> read_norb_ints(const std::string& path, NorbMatrix* header);

class SmallNorbDataset : public Dataset {
 public:
  /// The file names of the two halves, in the order disentanglement_lib concatenates them.
  static const std::vector<std::string>& chunks();
  /// True when `dir` holds the training half's -dat.mat file.
  static bool looks_like(const std::string& dir);
  /// Opens the six files in `dir`; images (N,2,h,w) of any h,w are resized to 64x64.
  static std::unique_ptr<SmallNorbDataset> open(const std::string& dir);

  std::string name() const override { return "smallnorb"; }
  /// The held image of the classes (category, elevation, azimuth, lighting) with an instance drawn
  /// uniformly from `rng`, as disentanglement_lib samples the factor that is not latent.
  void render(const std::int64_t* classes, std::int64_t n, Rng& rng,
              std::uint8_t* out) const override;
  /// Flat index of the full grid (category, instance, elevation, azimuth, lighting), last fastest.
  static std::int64_t grid_index(const std::int64_t* full);
  /// Instance (0..9) of held image i.
  std::int64_t instance(std::int64_t i) const { return instances_[i]; }

 private:
  SmallNorbDataset();
  std::vector<std::int64_t> instances_;
  std::vector<std::int64_t> row_of_;  ///< grid index -> held row
};

}  // namespace fb::data
