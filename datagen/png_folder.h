// The real Falcor3D and Isaac3D releases: a folder of PNGs (directly or in images/) named by the
// zero-padded flat index of the README formula (C order over the factors, last fastest), at any
// resolution, resized on load to 64x64 or 128x128 through OpenCV (docs/datasets.md "Released
// files"). The grid
// is chosen by the folder's image count from a declared table that tests extend with tiny grids.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "datagen/dataset.h"

namespace fb::data {

/// One PNG-folder release: its dataset name and factors (release order); the count is the product.
struct PngGrid {
  std::string dataset;
  std::vector<Factor> factors;
  std::int64_t count() const;
};
/// Falcor3D (233,280) and Isaac3D (737,280), with the factors of their scenes; tests append.
std::vector<PngGrid>& png_grids();

class PngFolderDataset : public Dataset {
 public:
  /// The folder holding the PNGs: `dir`/images when that exists, else `dir`.
  static std::string image_dir(const std::string& dir);
  /// True when image_dir(dir) holds 000000.png (any zero-padded width of index 0).
  static bool looks_like(const std::string& dir);
  /// Reads every PNG on all threads, resized to side × side (64 or 128; pixel-area averaging).
  /// DataError naming the folder when the image count matches no declared grid or indices are
  /// missing (the first few named), or naming the file it cannot read.
  static std::unique_ptr<PngFolderDataset> open(const std::string& dir, int side = 64);

  std::string name() const override { return name_; }
  /// The held image at the classes' flat index.
  void render(const std::int64_t* classes, std::int64_t n, Rng& rng,
              std::uint8_t* out) const override;
  std::int64_t flat_index(const std::int64_t* classes) const;

 private:
  PngFolderDataset() = default;
  std::string name_;
};

}  // namespace fb::data
