// MNIST from the standard IDX files at a path the user gives (never downloaded), and the 50
// class-imbalanced splits of Elastic-InfoGAN's paper protocol (docs/protocols.md §2.7).
//
// The directory holds train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and
// t10k-labels-idx1-ubyte, each plain or gzipped (name + ".gz"). Images are 28×28×1 uint8 0..255;
// the one factor is `digit` (10 classes). MNIST has no generative oracle: render() throws.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/config.h"
#include "datagen/dataset.h"

namespace fb::data {

/// One IDX file: its dimensions and its unsigned-byte payload. DataError naming the file on a
/// missing file, a bad magic number (only type 0x08, unsigned byte, is read) or a short payload.
struct IdxArray {
  std::vector<std::int64_t> dims;
  std::vector<std::uint8_t> data;
};
IdxArray read_idx(const std::string& path);
/// `dir`/`name`, or `dir`/`name`.gz when only that exists (DataError naming both when neither).
std::string find_idx(const std::string& dir, const std::string& name);

struct MnistConfig {
  std::string path;
  std::string subset = "all";
  std::int64_t split = 0;
  std::int64_t seed = 0;
  double split_scale = 1.0;
  std::int64_t count = 0;
  template <class V>
  void visit(V&& v) {
    v("path", path, "directory with the four MNIST IDX files (plain or .gz); required");
    v("subset", subset,
      "train (60,000) | test (10,000) | all (70,000, train then test) | imbalanced (one of the 50 "
      "Elastic-InfoGAN splits drawn from all 70,000)");
    v("split", split, "imbalanced: which split, 0..49 (the released --ind split+1)");
    v("seed", seed, "imbalanced: seed of the per-class draws; count: seed of the subset");
    v("split_scale", split_scale,
      "imbalanced: class d keeps int(split_scale * count_d) images (1 = the paper; < 1 for tests)");
    v("count", count, "0 = every image of the subset; > 0 = a seeded random subset of that many");
  }
  void validate(const std::string& where) const;
};

class MnistDataset : public Dataset {
 public:
  explicit MnistDataset(const MnistConfig& config);
  std::string name() const override { return "mnist"; }
  /// MNIST has no oracle: DataError (metrics that sample factor vectors cannot run on it).
  void render(const std::int64_t* classes, std::int64_t n, Rng& rng,
              std::uint8_t* out) const override;
};

}  // namespace fb::data
