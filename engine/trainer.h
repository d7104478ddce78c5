// Training runs: train(), resume, divergence handling and the run's digest. Torch-free interface.
//
// A run directory is resumable: re-running the same command continues from its newest checkpoint,
// and on the CPU the final parameters are bitwise identical to an uninterrupted run with the same
// seed (model, optimiser state, noise generator and data order are all restored).
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "core/json.h"
#include "datagen/dataset.h"

namespace fb::engine {

struct TrainOptions {
  std::string model;                     ///< registry name
  Json model_config = Json::object();    ///< the user's keys (defaults fill the rest)
  std::string dataset = "dsprites";      ///< registry name or HDF5 file (train(options) opens it)
  Json dataset_config = Json::object();  ///< options of a registered dataset (e.g. {"count": 256})
  std::int64_t steps = 0;                ///< total optimisation steps (may grow when resuming)
  /// > 0: train this many epochs instead of `steps`: steps = epochs × ⌊dataset size / batch⌋ (an
  /// epoch drops its last partial batch, as a DataLoader loop that breaks there; give exactly one).
  std::int64_t epochs = 0;
  std::int64_t batch = 64;
  std::uint64_t seed = 0;
  std::string device = "cpu";    ///< cpu | cuda | cuda:N
  int threads = 0;               ///< <= 0: all hardware threads
  std::string sampling = "iid";  ///< iid (DL protocol) | epochs (CR protocol)
  std::int64_t checkpoint_every = 10000;
  std::int64_t log_every = 100;
  std::string out;  ///< run directory
  /// When set and true after a step (a stop signal, core/stop.h): checkpoint that step and return with
  /// TrainResult::stopped; calling train() again continues from there, bitwise as if never stopped (CPU).
  const std::atomic<bool>* stop = nullptr;
};

struct TrainResult {
  std::int64_t resumed_from = 0;  ///< completed steps found in the run directory (0 = fresh start)
  std::int64_t steps = 0;         ///< completed steps now
  std::string digest;             ///< SHA-256 of the final parameters
  double images_per_s = 0;        ///< over the steps this call ran
  /// Stopped early on options.stop: a checkpoint holds `steps`, and there is no model.pt yet.
  bool stopped = false;
};

/// Opens options.dataset (fb::data::open_dataset) and trains. Throws ConfigError (bad options, a
/// run directory holding a different run), DataError (IO) or NumericalError (NaN/Inf loss; names
/// the step and the last good checkpoint, which is kept).
TrainResult train(const TrainOptions& options);
/// Trains on an already open dataset (tests, the harness).
TrainResult train(const TrainOptions& options, const data::Dataset& dataset);

/// SHA-256 of a finished run's final parameters (recomputed from model.pt).
std::string run_digest(const std::string& run_dir);

}  // namespace fb::engine
