// Tiny training runs and fabricated run directories for the model-selection tests.
#pragma once

#include <cstdint>
#include <string>

#include "core/json.h"

namespace fb::test {

/// Trains `model` for `steps` steps (batch 8, epochs order) on a 64-image in-memory dSprites sample
/// into `dir` and returns `dir`.
std::string train_tiny(const std::string& dir, const std::string& model, const Json& config,
                       std::uint64_t seed, std::int64_t steps = 2);

/// A run directory that read_pool accepts without loading it: config.json (dataset "dsprites" with
/// `dataset_config`) and an empty model.pt; with `metrics` non-null also metrics.json.
std::string fake_run(const std::string& dir, const std::string& model, const Json& model_config,
                     const Json& dataset_config, const Json& metrics = Json());

}  // namespace fb::test
