// Exports a trained model's codes for the metrics: the evaluate-codes input format (docs/protocols.md §1.7)
//   /train/codes   float32 [N,D]  posterior mean ("mean", the DL headline) or μ + σε ("sampled",
//   CR) /train/factors int64   [N,K]  factor classes of the same images /udr/mean      float32
//   [N,D]  posterior means (UDR input), /udr/kl float32 [D] mean KL per dimension
// Torch-free interface.
#pragma once

#include <cstdint>
#include <string>

#include "datagen/dataset.h"

namespace fb::engine {

struct EncodeOptions {
  std::string run_dir;
  std::string dataset;                  ///< registry name or HDF5 file; empty = the run's dataset
  std::string out;                      ///< HDF5 file to write
  std::string representation = "mean";  ///< mean | sampled
  std::int64_t batch = 256;
  std::int64_t limit = 0;  ///< encode only the first `limit` images (0 = all)
  std::uint64_t seed = 0;  ///< for "sampled"
  int threads = 0;
  std::string device = "cpu";
  bool force = false;  ///< overwrite `out`
};

struct EncodeResult {
  std::int64_t images = 0;
  int latent_dim = 0;
};

/// Opens the dataset (options.dataset, else the run's) and encodes it. Throws ConfigError (options,
/// geometry mismatch, existing output without force) or DataError.
EncodeResult encode_run(const EncodeOptions& options);
EncodeResult encode_run(const EncodeOptions& options, const data::Dataset& dataset);

}  // namespace fb::engine
