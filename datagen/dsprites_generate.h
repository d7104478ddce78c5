// Writes dSprites (or a variant) in the release's HDF5 layout (docs/protocols.md §1.7).
#pragma once

#include "datagen/dsprites.h"
#include "datagen/generator.h"

namespace fb::data {

/// What `generate dsprites*` takes: the variant's configuration and how many images.
struct DspritesGenerateConfig {
  DspritesConfig dsprites;
  std::int64_t count = 0;  ///< 0 = every image; > 0 = that many at random
  template <class V>
  void visit(V&& v) {
    dsprites.visit(v);
    v("count", count,
      "0 = every image (imbalanced: its subset); >0 = that many of them drawn at random with seed "
      "(kept in index order)");
  }
  void validate(const std::string& where) const;
};

/// Renders every image on all threads, deflates the (64,64,64[,3]) chunks in parallel and writes them
/// directly, so the file equals what HDF5's own gzip-4 filter would write, only faster.
GenerateReport generate_dsprites(const DspritesGenerateConfig& config, const std::string& out,
                                 bool force);

/// Writes only the images with the given flat indices (sorted, distinct) in the same layout; the
/// imbalanced variant and tests use it. `rows` rows of the file equal those rows of the full grid.
GenerateReport write_dsprites_rows(const DspritesConfig& config,
                                   const std::vector<std::int64_t>& rows, const std::string& out,
                                   bool force);

}  // namespace fb::data
