// One training step and one encoding batch per registered model (items = images), on held dSprites
// images (64x64x1) or, for a model that rejects them, the colour variant (64x64x3).
#include <benchmark/benchmark.h>

#include "benchmark/registry_walk.h"
#include "core/error.h"
#include "core/threads.h"
#include "engine/bench_batch.h"
#include "engine/model.h"
#include "engine/runtime.h"

namespace fb::bench {
namespace {

constexpr std::int64_t kBatch = 64;

// A fixed batch of kBatch held images and the model at its default config, on the first geometry it
// accepts: dSprites (64x64x1), else its colour variant (64x64x3).
struct Fixture {
  std::unique_ptr<engine::BenchBatch> batch;
  std::unique_ptr<engine::Model> model;
};

Fixture make_for_bench(const std::string& name, std::int64_t n) {
  Fixture f;
  for (const char* dataset : {"dsprites", "dsprites_color"}) {
    f.batch =
        std::make_unique<engine::BenchBatch>(dataset, Json{{"count", 4096}}, n, torch::kCPU, 2);
    engine::ModelContext ctx = f.batch->context(0);
    ctx.total_steps = 100;
    try {
      f.model = engine::make_model(name, Json(), ctx, name);
      return f;
    } catch (const ConfigError&) {
      if (std::string(dataset) == "dsprites_color") throw;
    }
  }
  return f;
}

void train_step(benchmark::State& state, const std::string& name) {
  configure_threads(0);
  Fixture f = make_for_bench(name, kBatch);
  engine::StepContext step{10, engine::make_generator(torch::kCPU, 1)};
  f.batch->attach(*f.model);
  f.model->train_step(f.batch->images(), step);  // warm-up: oneDNN primitives, allocator
  ++step.step;
  for (auto _ : state) {
    auto losses = f.model->train_step(f.batch->images(), step);
    benchmark::DoNotOptimize(losses.front().second.item<double>());
    ++step.step;
  }
  state.SetItemsProcessed(state.iterations() * kBatch);
}

// Inference-mode encoding of 256 images (what metrics and model selection spend on each model).
void encode(benchmark::State& state, const std::string& name) {
  configure_threads(0);
  Fixture f = make_for_bench(name, 256);
  const torch::Tensor& images = f.batch->images();
  f.model->encode(images);
  for (auto _ : state) benchmark::DoNotOptimize(f.model->encode(images).mean.sum().item<double>());
  state.SetItemsProcessed(state.iterations() * images.size(0));
}

}  // namespace

void register_model_benchmarks() {
  for (const auto& name : engine::model_registry().names()) {
    benchmark::RegisterBenchmark(("BM_TrainStep/" + name).c_str(), train_step, name)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
    benchmark::RegisterBenchmark(("BM_Encode/" + name).c_str(), encode, name)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
  }
}

}  // namespace fb::bench
