#include "engine/bench.h"

#include <chrono>
#include <ctime>

#include "core/error.h"
#include "core/fma_peak.h"
#include "core/threads.h"
#include "engine/bench_batch.h"
#include "engine/flop_count.h"
#include "engine/memory.h"
#include "engine/model.h"
#include "engine/runtime.h"

namespace fb::engine {

Json bench_train(const BenchOptions& o) {
  if (o.batch <= 0) throw ConfigError("--batch: must be > 0 (got " + std::to_string(o.batch) + ")");
  if (!(o.seconds > 0)) throw ConfigError("--seconds: must be > 0");
  configure_threads(o.threads);
  keep_freed_memory();
  const torch::Device device = parse_device(o.device);
  if (o.channels != 1 && o.channels != 3)
    throw ConfigError("--channels: must be 1 or 3 (got " + std::to_string(o.channels) + ")");
  // A held-in-memory dSprites sample (the colour variant for 3 channels): real batches, with the
  // labelled subset that semi-supervised models read.
  BenchBatch batch(o.channels == 1 ? "dsprites" : "dsprites_color", Json{{"count", 4096}}, o.batch,
                   device, o.seed + 2);
  auto model = make_model(o.model, o.model_config, batch.context(o.seed), o.model);
  StepContext step{0, make_generator(torch::kCPU, o.seed + 1)};
  batch.attach(*model);
  const torch::Tensor& images = batch.images();
  auto run_step = [&] {
    Losses losses = model->train_step(images, step);
    losses.front()
        .second.item<double>();  // waits for the device, as the trainer's per-step check does
    ++step.step;
  };
  // FLOPs per image from the layers the first warm-up step ran (forward and backward); the peak is
  // measured before the timed steps so they run on an otherwise idle process.
  const double flops_per_image =
      static_cast<double>(count_flops(run_step).total) / static_cast<double>(o.batch);
  const Json machine = machine_record();
  // The FMA loop measures the CPU; on a GPU the fraction would compare unlike things.
  const double peak = device.is_cpu() ? fma_peak_flops(configured_threads()) : 0.0;
  for (int i = 0; i < 2; ++i) run_step();  // warm-up: allocator, oneDNN primitive caches
  const auto t0 = std::chrono::steady_clock::now();
  const std::clock_t cpu0 = std::clock();
  std::int64_t steps = 0;
  double seconds = 0;
  do {
    run_step();
    ++steps;
    seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  } while (seconds < o.seconds);
  // Process CPU time (all threads): on a shared machine images per CPU-second varies far less with
  // other load than images per wall-second (one thread: no spin-waiting inflates it).
  const double cpu_seconds = static_cast<double>(std::clock() - cpu0) / CLOCKS_PER_SEC;

  Json j;
  j["implementation"] = "factorbench";
  j["model"] = o.model;
  j["batch"] = o.batch;
  j["threads"] = configured_threads();
  j["device"] = o.device;
  j["steps"] = steps;
  j["seconds"] = seconds;
  j["images_per_s"] = static_cast<double>(steps * o.batch) / seconds;
  j["cpu_seconds"] = cpu_seconds;
  j["images_per_cpu_s"] =
      cpu_seconds > 0 ? static_cast<double>(steps * o.batch) / cpu_seconds : 0.0;
  j["flops_per_image"] = flops_per_image;
  j["flops_per_s"] = flops_per_image * j["images_per_s"].get<double>();
  j["peak_flops_per_s"] = peak > 0 ? Json(peak) : Json(nullptr);
  j["fraction_of_peak"] = peak > 0 ? Json(j["flops_per_s"].get<double>() / peak) : Json(nullptr);
  j["machine"] = machine;
  return j;
}

}  // namespace fb::engine
