// Checkpoint files: a model's modules and optimiser states plus the trainer's state (step, data
// order, noise generator), in one torch archive written atomically (`.partial`, fsync, rename,
// fsync the folder), so a kill at any moment leaves either the previous checkpoint or the new one,
// never a torn file.
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <memory>
#include <string>

#include "core/json.h"
#include "engine/model.h"
#include "engine/run_dir.h"

namespace fb::engine {

/// What the trainer stores beside the model.
struct TrainerState {
  std::int64_t step = 0;  ///< completed steps
  Json data;              ///< DataStream::state()
  torch::Tensor noise;    ///< the noise generator's get_state() (uint8, CPU)
};

/// Writes `model` and `state` to `path` atomically.
void write_checkpoint(const std::string& path, const Model& model, const TrainerState& state);
/// Loads a checkpoint into `model` (same name and config) and returns the trainer state. A missing,
/// truncated or foreign file throws DataError naming it.
TrainerState read_checkpoint(const std::string& path, Model& model);

/// Writes the model alone (modules, optimiser states) to `path` atomically: final models and
/// snapshots.
void write_model(const std::string& path, const Model& model);

/// Rebuilds a run's model from its config.json and loads `model.pt` (or, with `file` given, that
/// file of the run: a snapshot or checkpoint). Throws DataError when the run has no final model
/// yet.
std::unique_ptr<Model> load_run_model(const RunDir& run, torch::Device device,
                                      const std::string& file = "");

/// The ModelContext a run's config.json describes (image geometry, seed) on `device`.
ModelContext run_model_context(const Json& run_config, torch::Device device);

}  // namespace fb::engine
