// InfoGAN(-CR) training steps and ModelCentrality (items = images).
#include <benchmark/benchmark.h>

#include "core/threads.h"
#include "engine/model.h"
#include "engine/runtime.h"
#include "methods/model_centrality.h"

namespace {

// One optimisation step (InfoGAN-CR with CR on: H, D+Q, two G steps) at batch 64 on a fixed binary
// batch; items = real images per step, as benchmark/pytorch_reference_infogan_cr.py counts them.
void train_step(benchmark::State& state, const char* model_name, const fb::Json& config) {
  fb::configure_threads(0);
  fb::engine::ModelContext ctx;
  ctx.total_steps = 100;
  auto model = fb::engine::make_model(model_name, config, ctx, model_name);
  const std::int64_t batch = 64;
  auto data_gen = fb::engine::make_generator(torch::kCPU, 2);
  const torch::Tensor images =
      torch::rand({batch, 1, 64, 64}, data_gen).lt(0.5).to(torch::kFloat32);
  fb::engine::StepContext step{10, fb::engine::make_generator(torch::kCPU, 1)};
  for (int i = 0; i < 2; ++i, ++step.step)
    model->train_step(images, step);  // warm-up: oneDNN primitives, allocator
  for (auto _ : state) {
    auto losses = model->train_step(images, step);
    benchmark::DoNotOptimize(losses.front().second.item<double>());
    ++step.step;
  }
  state.SetItemsProcessed(state.iterations() * batch);
}

void BM_InfoGanCrTrainStep(benchmark::State& state) {
  train_step(state, "infogan_cr", fb::Json{{"cr_start_fraction", 0.0}});
}
BENCHMARK(BM_InfoGanCrTrainStep)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_InfoGanTrainStep(benchmark::State& state) { train_step(state, "infogan", fb::Json()); }
BENCHMARK(BM_InfoGanTrainStep)->Unit(benchmark::kMillisecond)->UseRealTime();

// ModelCentrality over a pool of three untrained InfoGANs at 50 groups × 20 + 200 free samples per
// model: items = images generated (each is encoded by all three models).
void BM_ModelCentralityTinyPool(benchmark::State& state) {
  fb::configure_threads(0);
  std::vector<std::unique_ptr<fb::engine::Model>> models;
  std::vector<fb::methods::CentralityModel> pool;
  for (std::uint64_t s = 0; s < 3; ++s) {
    fb::engine::ModelContext ctx;
    ctx.seed = s;
    models.push_back(fb::engine::make_model("infogan", fb::Json(), ctx, "infogan"));
    pool.push_back(
        fb::methods::centrality_model(*models.back(), "sampled", "m" + std::to_string(s)));
  }
  fb::methods::ModelCentralityConfig cfg;
  cfg.groups = 50;
  cfg.group_size = 20;
  cfg.normalise_samples = 200;
  for (auto _ : state)
    benchmark::DoNotOptimize(fb::methods::model_centrality(pool, cfg, 1, torch::kCPU).scores);
  state.SetItemsProcessed(state.iterations() * 3 * (50 * 20 + 200));
}
BENCHMARK(BM_ModelCentralityTinyPool)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
