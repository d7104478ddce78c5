// Cars3D from its release: a folder of 183 car_*_mesh.mat files (MATLAB v5, read with matio), each
// holding `im`, uint8 (H, W, 3, 24 azimuths, 4 elevations), resized to 64x64 as disentanglement_lib's
// data/ground_truth/cars3d.py does (docs/datasets.md "Released files"). Factors elevation 4,
// azimuth 24, object 183; the flat index is elevation·24·183 + azimuth·183 + object.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "datagen/dataset.h"

namespace fb::data {

class Cars3dDataset : public Dataset {
 public:
  static constexpr std::int64_t kObjects = 183, kAzimuths = 24, kElevations = 4;
  /// True when `dir` holds at least one car_*_mesh.mat file.
  static bool looks_like(const std::string& dir);
  /// Reads the folder's car_*_mesh.mat files in name order (object i = the i-th name); DataError
  /// naming the file for a count other than 183, a file matio cannot read, a missing `im`, or an `im`
  /// that is not uint8 (H, W, 3, 24, 4).
  static std::unique_ptr<Cars3dDataset> open(const std::string& dir);
  /// One car_*_mesh.mat file's 96 views, resized: uint8 [4 elevations, 24 azimuths, 64, 64, 3].
  /// DataError naming the file for a file matio cannot read, a missing `im`, or an `im` that is not
  /// uint8 (H, W, 3, 24, 4).
  static std::vector<std::uint8_t> read_object(const std::string& path);

  std::string name() const override { return "cars3d"; }
  /// The held image of (elevation, azimuth, object): row = the flat index.
  void render(const std::int64_t* classes, std::int64_t n, Rng& rng,
              std::uint8_t* out) const override;
  static std::int64_t flat_index(const std::int64_t* classes);

 private:
  Cars3dDataset();
};

}  // namespace fb::data
