// dSprites and its variants (docs/protocols.md §1.1-1.2): configuration, nuisance rendering, and the Dataset
// that holds a file's images (ours or the official release) or a procedural subset, with the oracle.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/image_io.h"
#include "datagen/dataset.h"

namespace fb::data {

/// What `generate dsprites` writes.
struct DspritesConfig {
  std::string variant = "none";  ///< none | color | noisy | scream | imbalanced
  std::int64_t seed = 0;
  std::vector<double> shape_weights{0.6, 0.3,
                                    0.1};  ///< imbalanced only: prior of square, ellipse, heart
  std::string texture;  ///< scream only: a picture file; empty = procedural texture

  template <class V>
  void visit(V&& v) {
    v("variant", variant, "none | color | noisy | scream | imbalanced");
    v("seed", seed, "seed of the nuisance draws (colours, noise, crops, imbalanced subset)");
    v("shape_weights", shape_weights, "imbalanced: prior of (square, ellipse, heart)");
    v("texture", texture, "scream: picture file for the background (empty = procedural)");
  }
  void validate(const std::string& where) const;
  /// 3 for the colour variants (color, noisy, scream), else 1.
  int channels() const;
};

/// Registry config of the dsprites* datasets (the variant comes from the entry's name).
struct DspritesOpenConfig {
  std::int64_t seed = 0;
  std::int64_t count =
      0;  ///< 0: the whole dataset (generated into the cache once); >0: that many random
          ///< images rendered in memory (tests, smoke runs)
  std::vector<double> shape_weights{0.6, 0.3, 0.1};
  std::string texture;
  template <class V>
  void visit(V&& v) {
    v("seed", seed, "seed of the nuisance draws and of the subset");
    v("count", count,
      "0 = whole dataset from the cache; >0 = that many random images rendered in memory");
    v("shape_weights", shape_weights, "imbalanced: prior of (square, ellipse, heart)");
    v("texture", texture, "scream: picture file for the background");
  }
  void validate(const std::string& where) const;
};

/// Turns a 0/1 sprite mask into a variant's image, drawing the nuisance from an rng.
class DspritesVariant {
 public:
  explicit DspritesVariant(const DspritesConfig& config);
  int channels() const { return channels_; }
  /// mask: uint8 [64,64] 0/1; out: uint8 [64,64,C] (C = channels()); nuisance from `rng`.
  void apply(const std::uint8_t* mask, Rng& rng, std::uint8_t* out) const;
  /// The per-image rng the generator uses for image `flat_index`, so file row i == the oracle's render.
  Rng image_rng(std::int64_t flat_index) const;

 private:
  DspritesConfig config_;
  int channels_ = 1;
  std::uint64_t stream_ = 0;
  Image texture_;
};

/// Flat indices (sorted) of the imbalanced subset: round(245760 * p_s / max p) random images per shape.
std::vector<std::int64_t> imbalanced_indices(const std::vector<double>& shape_weights,
                                             std::int64_t seed);

class DspritesDataset : public Dataset {
 public:
  /// Opens a dSprites-layout file: ours (any variant) or the official release.
  static std::unique_ptr<DspritesDataset> from_file(const std::string& path);
  /// Opens the release's numpy archive (dsprites_ndarray_co1sh3sc6or40x32y32_64x64.npz, the file
  /// disentanglement_lib reads): imgs (N,64,64) u1, latents_classes (N,6) i8; metadata is ignored.
  static std::unique_ptr<DspritesDataset> from_npz(const std::string& path);
  /// Holds `count` random images (seeded) rendered in memory.
  static std::unique_ptr<DspritesDataset> procedural(const DspritesConfig& config,
                                                     std::int64_t count);

  std::string name() const override;
  void render(const std::int64_t* classes, std::int64_t n, Rng& rng,
              std::uint8_t* out) const override;
  std::vector<std::int64_t> sample_factors(std::int64_t n, Rng& rng) const override;
  const DspritesConfig& config() const { return config_; }

 private:
  explicit DspritesDataset(const DspritesConfig& config);
  DspritesConfig config_;
  DspritesVariant variant_;
  bool lookup_ =
      false;  ///< holds the full grid in order: the oracle returns the held (release) images
};

}  // namespace fb::data
