// Latent traversal grids: one row per code dimension, sweeping it across the prior's range with the other
// codes at the prior's centre and the noise fixed, rendered by the model's generator.
#pragma once

#include <cstdint>
#include <string>

#include "core/image_io.h"

namespace fb::methods {

struct TraversalOptions {
  std::string run_dir;
  std::string snapshot;    ///< a named snapshot instead of model.pt
  std::string selection;   ///< alternatively: a selection.json whose chosen run is traversed
  int columns = 10;        ///< values per code dimension
  std::uint64_t seed = 0;  ///< the fixed noise
  std::string device = "cpu";
  int threads = 0;
};

/// RGB grid [rows = code dims, columns] of generated images: U[−1,1] priors (GANs) sweep −1..1, N(0, I)
/// priors (VAEs) sweep −2..2. Throws ConfigError for models without a generator.
Image traversal_grid(const TraversalOptions& options);

}  // namespace fb::methods
