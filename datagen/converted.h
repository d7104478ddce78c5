// factorbench's own HDF5 layout for any dataset a reader opens (`factorbench convert SRC --out F.h5`):
// /images (N,H,W,C) uint8, chunked 64 rows and gzip-compressed; /factors/classes (N,K) int64;
// /factors/sizes (K) int64; /factors/values (sum of sizes) float64, factor k's values in order; root
// attributes dataset, factor_names, pixel_scale, converted_from (the reader) and source (the path).
// The converted file's oracle returns a held image with the requested classes, drawn uniformly when
// several share them (smallNORB's instances), so it answers as the release does.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "datagen/dataset.h"
#include "datagen/file_reader.h"

namespace fb::data {

struct ConvertReport {
  std::string out;
  std::string format;  ///< the source's reader
  std::int64_t images = 0;
  double seconds = 0;
  std::uint64_t bytes = 0;  ///< size of the written file
};

/// Opens `src` by content and writes it to `out` in the layout above: images read a block of rows at
/// a time, written to out.partial and renamed when complete.
/// ConfigError when `out` exists without `force`; DataError from the source's reader.
ConvertReport convert_file(const std::string& src, const std::string& out, bool force,
                           const FileOpenOptions& options = {});

class ConvertedDataset : public Dataset {
 public:
  static std::unique_ptr<ConvertedDataset> from_file(const std::string& path);
  std::string name() const override { return name_; }
  /// A held image with exactly these classes (uniform among several); DataError when none is held.
  void render(const std::int64_t* classes, std::int64_t n, Rng& rng,
              std::uint8_t* out) const override;

 private:
  ConvertedDataset() = default;
  std::int64_t flat_index(const std::int64_t* classes) const;
  std::string name_;
  std::vector<std::int64_t> first_, rows_;  ///< CSR: rows_[first_[g] .. first_[g+1]) hold index g
};

}  // namespace fb::data
