// Training batches from a dataset's held images, in one of two resumable orders:
//   iid    (DL protocol): every image of every batch drawn uniformly with replacement, seeded by
//   the run seed; epochs (CR protocol): a fresh shuffle per epoch, batches without replacement, the
//   last partial batch
//                         of each epoch dropped.
// state() captures everything that decides the next batches, so a restored stream continues bit for
// bit.
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/json.h"
#include "core/rng.h"
#include "datagen/dataset.h"

namespace fb::engine {

enum class Sampling { kIid, kEpochs };

/// "iid" or "epochs"; anything else throws ConfigError naming `where`.
Sampling parse_sampling(const std::string& text, const std::string& where);
std::string sampling_name(Sampling s);

/// Converts `n` stored images (uint8 [n,H,W,C]) to model input [n,C,H,W] float32 in [0,1] on
/// `device`.
torch::Tensor to_model_input(const std::uint8_t* images, std::int64_t n,
                             const data::Dataset& dataset, torch::Device device);

/// Factor classes of held images `indices`: int64 [n,K] on the CPU.
torch::Tensor gather_classes(const data::Dataset& dataset,
                             const std::vector<std::int64_t>& indices);

class DataStream {
 public:
  /// Batches of `batch` images of `dataset` (kept by reference) on `device`; order seeded by
  /// `seed`. Throws ConfigError when the epoch order cannot fill one batch.
  DataStream(const data::Dataset& dataset, std::int64_t batch, Sampling sampling,
             std::uint64_t seed, torch::Device device);

  /// The next batch, [batch,C,H,W] float32 in [0,1].
  torch::Tensor next();
  /// Held-image indices of the next batch (advances the stream exactly as next() does).
  std::vector<std::int64_t> next_indices();
  /// Model input [n,C,H,W] float32 in [0,1] of held images `indices` (next() = images(next_indices())).
  torch::Tensor images(const std::vector<std::int64_t>& indices);

  /// {sampling, rng, epoch, position, epoch_rng}: JSON for checkpoints.
  Json state() const;
  /// Restores a state() of a stream built with the same dataset size, batch and sampling.
  void set_state(const Json& state);
  std::int64_t epoch() const { return epoch_; }

 private:
  void start_epoch();

  const data::Dataset& dataset_;
  std::int64_t batch_;
  Sampling sampling_;
  torch::Device device_;
  Rng rng_;
  // Epoch order only: the generator state the current shuffle was drawn from, and the position in
  // it.
  Rng::State epoch_rng_{};
  std::int64_t epoch_ = 0, position_ = 0;
  std::vector<std::int64_t> order_;
  std::vector<std::uint8_t> staging_;
};

}  // namespace fb::engine
