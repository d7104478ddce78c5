// Training-speed probe: optimisation steps of a registered model on one fixed random batch (no data
// IO), reported as images per second. benchmark/pytorch_reference.py prints the same JSON line for
// PyTorch.
#pragma once

#include <cstdint>
#include <string>

#include "core/json.h"

namespace fb::engine {

struct BenchOptions {
  std::string model;
  Json model_config = Json::object();
  std::int64_t batch = 64;
  double seconds = 10;  ///< timed duration, after warm-up steps
  int threads = 0;      ///< <= 0: all hardware threads
  std::string device = "cpu";
  int channels = 1;  ///< images [batch,channels,64,64]
  std::uint64_t seed = 0;
};

/// Runs the probe and returns
/// {"implementation":"factorbench","model",...,"steps","seconds","images_per_s","cpu_seconds",
/// "images_per_cpu_s", "flops_per_image", "flops_per_s", "peak_flops_per_s", "fraction_of_peak",
/// "machine"} (CPU time of the whole process over the timed steps; FLOPs per image of one training
/// step's convolutions and matrix products, forward and backward, engine/flop_count.h; the peak is
/// the FMA loop's at the same thread count, core/fma_peak.h, null
/// on a GPU; machine: engine::machine_record()).
Json bench_train(const BenchOptions& options);

}  // namespace fb::engine
