// One training step and one encoding batch per registered model (items = images), on dSprites'
// geometry (64x64x1) or, for a model that rejects it, 64x64x3.
#include <benchmark/benchmark.h>

#include "benchmark/registry_walk.h"
#include "core/error.h"
#include "core/threads.h"
#include "engine/model.h"
#include "engine/runtime.h"

namespace fb::bench {
namespace {

constexpr std::int64_t kBatch = 64;

// The model at its default config on the first geometry it accepts.
std::unique_ptr<engine::Model> make_for_bench(const std::string& name, engine::ModelContext* ctx) {
  ctx->total_steps = 100;
  for (int channels : {1, 3}) {
    ctx->channels = channels;
    try {
      return engine::make_model(name, Json(), *ctx, name);
    } catch (const ConfigError&) {
      if (channels == 3) throw;
    }
  }
  return nullptr;
}

// A fixed binary batch [kBatch, C, 64, 64], as dSprites' images are binary.
torch::Tensor bench_images(const engine::ModelContext& ctx, std::int64_t n) {
  auto gen = engine::make_generator(torch::kCPU, 2);
  return torch::rand({n, ctx.channels, ctx.height, ctx.width}, gen).lt(0.5).to(torch::kFloat32);
}

void train_step(benchmark::State& state, const std::string& name) {
  configure_threads(0);
  engine::ModelContext ctx;
  auto model = make_for_bench(name, &ctx);
  const torch::Tensor images = bench_images(ctx, kBatch);
  engine::StepContext step{10, engine::make_generator(torch::kCPU, 1)};
  model->train_step(images, step);  // warm-up: oneDNN primitives, allocator
  ++step.step;
  for (auto _ : state) {
    auto losses = model->train_step(images, step);
    benchmark::DoNotOptimize(losses.front().second.item<double>());
    ++step.step;
  }
  state.SetItemsProcessed(state.iterations() * kBatch);
}

// Inference-mode encoding of 256 images (what metrics and model selection spend on each model).
void encode(benchmark::State& state, const std::string& name) {
  configure_threads(0);
  engine::ModelContext ctx;
  auto model = make_for_bench(name, &ctx);
  const torch::Tensor images = bench_images(ctx, 256);
  model->encode(images);
  for (auto _ : state) benchmark::DoNotOptimize(model->encode(images).mean.sum().item<double>());
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
