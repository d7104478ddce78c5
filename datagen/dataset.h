// The dataset family: factor datasets held in memory plus their ground-truth oracle, and the registry.
//
// Conventions (docs/protocols.md §1): images uint8 [N,H,W,C] (dSprites 0/1, others 0..255; pixel_scale() maps
// to [0,1]); factor classes int64 [N,K] (0..m-1); factor values float64 from Factor::values.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/field_docs.h"
#include "core/json.h"
#include "core/registry.h"
#include "core/rng.h"
#include "datagen/generator.h"

namespace fb::data {

/// One ground-truth factor: its name and the value of each class index.
struct Factor {
  std::string name;
  std::vector<double> values;  ///< values[k] is the value of class k; size() is the cardinality
  std::int64_t size() const { return static_cast<std::int64_t>(values.size()); }
};

/// A factor dataset: images with their factor classes, and an oracle that renders an observation
/// for any factor classes (metrics sample from it). Images are held in memory or, for a release too
/// large to hold (MPI3D), read from the file on demand; either way they are read through gather.
class Dataset {
 public:
  virtual ~Dataset() = default;

  /// Registry name ("dsprites", "dsprites_color", ...).
  virtual std::string name() const = 0;
  /// Ground-truth oracle: renders one observation per row of `classes` (int64 [n,K]) into `out`
  /// (uint8 [n,H,W,C]). Nuisance variation (variant colours, noise, crops) is drawn from `rng`;
  /// datasets without nuisance ignore it. Must be callable from several threads with separate rngs.
  virtual void render(const std::int64_t* classes, std::int64_t n, Rng& rng,
                      std::uint8_t* out) const = 0;

  const std::vector<Factor>& factors() const { return factors_; }
  int num_factors() const { return static_cast<int>(factors_.size()); }
  /// Cardinality of every factor.
  std::vector<std::int64_t> factor_sizes() const;
  int height() const { return height_; }
  int width() const { return width_; }
  int channels() const { return channels_; }
  std::int64_t image_bytes() const {
    return static_cast<std::int64_t>(height_) * width_ * channels_;
  }
  /// Multiplier from stored uint8 to model input in [0,1]: 1 for 0/1 data, 1/255 for 0..255 data.
  float pixel_scale() const { return pixel_scale_; }

  /// Number of held observations.
  std::int64_t size() const {
    return static_cast<std::int64_t>(classes_.size()) / std::max(1, num_factors());
  }
  /// The held images, uint8 [size(),H,W,C], when the dataset holds them in memory; nullptr for a
  /// dataset that serves its images from a file (read them with gather).
  const std::uint8_t* held_images() const { return images_.empty() ? nullptr : images_.data(); }
  /// int64 [size(),K]
  const std::int64_t* classes() const { return classes_.data(); }

  /// `n` factor vectors, int64 [n,K]: uniform and independent per factor unless the dataset has a
  /// non-uniform factor prior (the imbalanced dSprites variant).
  virtual std::vector<std::int64_t> sample_factors(std::int64_t n, Rng& rng) const;
  /// `n` held-image indices drawn uniformly with replacement.
  std::vector<std::int64_t> sample_indices(std::int64_t n, Rng& rng) const;
  /// Copies images `indices` (each in [0, size())) into out (uint8 [n,H,W,C]), in that order. The
  /// one way to read a dataset's images: the default copies from the held images; a dataset that
  /// streams from its file reads only the requested ones. Must be callable from several threads.
  virtual void gather(const std::vector<std::int64_t>& indices, std::uint8_t* out) const;
  /// Copies images first .. first+n-1 into out (uint8 [n,H,W,C]) through gather.
  void gather_range(std::int64_t first, std::int64_t n, std::uint8_t* out) const;

 protected:
  /// Held image i (uint8 [H,W,C]); only for datasets that fill images_.
  const std::uint8_t* held_image(std::int64_t i) const {
    return images_.data() + i * image_bytes();
  }

  std::vector<Factor> factors_;
  int height_ = 0, width_ = 0, channels_ = 0;
  float pixel_scale_ = 1.0f;
  std::vector<std::uint8_t> images_;
  std::vector<std::int64_t> classes_;
};

/// Where a registered dataset's `open` gets its full-size file. The one place that decides between
/// reading a generated file and generating it; #19's released files will be looked up here too.
class DatasetFiles {
 public:
  DatasetFiles(std::string name, GenerateFn generate);
  /// The file the entry's `generate` writes for `options`: cache_dir()/NAME-HASH.h5, HASH from the
  /// options' JSON text, generated there on first use under a lock shared with other processes.
  std::string generated(const Json& options) const;

 private:
  std::string name_;
  GenerateFn generate_;
};

/// Builds the dataset from its options (an object, or null for the defaults); `files` gives the
/// full-size file. Every dataset takes `count` (0 = full size, > 0 = that many images, small enough
/// for tests).
using OpenFn =
    std::function<std::unique_ptr<Dataset>(const Json& options, const DatasetFiles& files)>;

/// A registered dataset: how to open it by name and how to write its file, each with its options.
/// The registry entry's `defaults` are the open options' defaults.
struct DatasetFactory {
  OpenFn open;
  std::vector<FieldDoc> open_options;
  /// Writes the dataset's file in its release layout (docs/protocols.md §1.7); empty for a dataset
  /// that is only read from the user's files (mnist). Its options take `count` too.
  GenerateFn generate;
  std::vector<FieldDoc> generate_options;
  std::string writes;  ///< what `generate` writes, for `factorbench list generators`
};
Registry<DatasetFactory>& dataset_registry();

/// The options `generate NAME` takes, with defaults and descriptions. Throws UnknownName, or
/// ConfigError for a dataset without a generator.
const std::vector<FieldDoc>& generate_options(const std::string& name);
/// Writes dataset `name`'s file (`factorbench generate`). Throws as generate_options.
GenerateReport generate_dataset(const std::string& name, const GenerateRequest& request);

/// Opens a dataset by registry name (generated into the cache directory on first use) or from a
/// file in any format a reader recognises (datagen/file_reader.h). Throws UnknownName / DataError.
std::unique_ptr<Dataset> open_dataset(const std::string& name_or_path, const Json& config = Json());

}  // namespace fb::data
