// Writes dSprites (or a variant) in the release's HDF5 layout (docs/protocols.md §1.7).
#pragma once

#include "datagen/dsprites.h"
#include "datagen/generator.h"

namespace fb::data {

/// Renders every image on all threads, deflates the (64,64,64[,3]) chunks in parallel and writes them
/// directly, so the file equals what HDF5's own gzip-4 filter would write, only faster.
GenerateReport generate_dsprites(const DspritesConfig& config, const std::string& out, bool force);

/// Writes only the images with the given flat indices (sorted, distinct) in the same layout; the
/// imbalanced variant and tests use it. `rows` rows of the file equal those rows of the full grid.
GenerateReport write_dsprites_rows(const DspritesConfig& config,
                                   const std::vector<std::int64_t>& rows, const std::string& out,
                                   bool force);

}  // namespace fb::data
