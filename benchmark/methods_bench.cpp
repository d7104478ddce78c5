// InfoGAN-CR with CR on (the peer of benchmark/pytorch_reference_infogan_cr.py) and ModelCentrality
// (items = images).
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
  model->train_step(images, step);  // warm-up: oneDNN primitives, allocator
  ++step.step;
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

// Plain InfoGAN and every other model: BM_TrainStep/<model> (models_bench.cpp).

// ModelCentrality over a pool of `pool` untrained InfoGANs: each model generates groups x size +
// normalise images, and every model encodes every generated image (items = images generated).
void model_centrality(benchmark::State& state, int pool_size, std::int64_t groups,
                      std::int64_t size, std::int64_t normalise) {
  fb::configure_threads(0);
  std::vector<std::unique_ptr<fb::engine::Model>> models;
  std::vector<fb::methods::CentralityModel> pool;
  for (int s = 0; s < pool_size; ++s) {
    fb::engine::ModelContext ctx;
    ctx.seed = static_cast<std::uint64_t>(s);
    models.push_back(fb::engine::make_model("infogan", fb::Json(), ctx, "infogan"));
    pool.push_back(
        fb::methods::centrality_model(*models.back(), "sampled", "m" + std::to_string(s)));
  }
  fb::methods::ModelCentralityConfig cfg;
  cfg.groups = groups;
  cfg.group_size = size;
  cfg.normalise_samples = normalise;
  for (auto _ : state)
    benchmark::DoNotOptimize(fb::methods::model_centrality(pool, cfg, 1, torch::kCPU).scores);
  state.SetItemsProcessed(state.iterations() * pool_size * (groups * size + normalise));
}

// Three models at 20 groups x 10 + 100 free samples each (the smoke size; it was 50 x 20 + 200, the
// costliest benchmark of the smoke run).
void BM_ModelCentralityTinyPool(benchmark::State& state) {
  model_centrality(state, 3, 20, 10, 100);
}
BENCHMARK(BM_ModelCentralityTinyPool)->Unit(benchmark::kMillisecond)->UseRealTime();

// Five models at the paper's group count for a GAN with K = 5 codes (500 groups x 100) and 10,000
// free samples for the codes' std (the protocol's 73,728 would multiply the run time by ~1.4).
void BM_ModelCentralityPool5(benchmark::State& state) {
  model_centrality(state, 5, 500, 100, 10000);
}
BENCHMARK(BM_ModelCentralityPool5)
    ->Name("BM_ModelCentrality/pool5/full")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1);

}  // namespace
