// 3D dataset generators: rendering throughput (items = images). The tiny variants run in the CI
// smoke run; `.../full` writes all 200,000 teapots (the goal: >= 3,000 images/s on 2 cores).
// BM_<scene>Render and BM_<scene>Generate exist for every registered grid scene
// (register_grid_scene_benchmarks).
#include <benchmark/benchmark.h>

#include <filesystem>

#include "benchmark/registry_walk.h"
#include "core/threads.h"
#include "datagen/dataset.h"
#include "datagen/grid_scene.h"
#include "datagen/teapots.h"

namespace {

namespace fd = fb::data;

std::string temp_file(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("fb_bench_" + name + ".h5")).string();
}

// One teapot after another on one thread.
void BM_TeapotsRender(benchmark::State& state) {
  fd::teapots::Renderer renderer;
  std::vector<std::uint8_t> out(64 * 64 * 3);
  double latents[5] = {0, 0.3, 0.9, 0.5, 0.2};
  for (auto _ : state) {
    latents[0] += 0.37;
    latents[1] = 0.1 + 0.0013 * static_cast<double>(state.iterations() % 1000);
    renderer.render(latents, out.data());
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_TeapotsRender)->Unit(benchmark::kMicrosecond);

// The Teapots file writer (render + deflate + write) on all threads, without the metric groups.
void teapots_generate(benchmark::State& state, std::int64_t count) {
  fb::configure_threads(0);
  fd::TeapotsConfig cfg;
  cfg.count = count;
  cfg.groups = 0;
  const auto path = temp_file("teapots");
  for (auto _ : state) fd::generate_teapots(cfg, path, /*force=*/true);
  std::filesystem::remove(path);
  state.SetItemsProcessed(state.iterations() * count);
}
void BM_TeapotsGenerate(benchmark::State& state) { teapots_generate(state, 2048); }
BENCHMARK(BM_TeapotsGenerate)->Unit(benchmark::kMillisecond)->UseRealTime();
void BM_TeapotsGenerateAll(benchmark::State& state) { teapots_generate(state, 200000); }
BENCHMARK(BM_TeapotsGenerateAll)
    ->Name("BM_TeapotsGenerate/full")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1);

// A grid scene's oracle on one thread, over a stride through the grid.
void grid_render(benchmark::State& state, const std::string& name, int resolution) {
  const auto scene = fd::make_grid_scene(name, resolution);
  auto target = scene->make_target();
  std::vector<std::uint8_t> out(static_cast<std::size_t>(resolution * resolution * 3));
  std::vector<std::int64_t> classes(static_cast<std::size_t>(scene->num_factors()));
  std::int64_t i = 0;
  for (auto _ : state) {
    scene->classes_of((i++ * 7919) % scene->grid_size(), classes.data());
    scene->render(classes.data(), target, out.data());
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations());
}

// The grid file writer (through the dataset registry) on `count` random grid points, all threads.
void grid_generate(benchmark::State& state, const std::string& name, std::int64_t count) {
  fb::configure_threads(0);
  const auto path = temp_file(name);
  for (auto _ : state)
    fd::generate_dataset(name, {path, /*force=*/true, fb::Json{{"count", count}}});
  std::filesystem::remove(path);
  state.SetItemsProcessed(state.iterations() * count);
}

void BM_mpi3dRender128(benchmark::State& s) { grid_render(s, "mpi3d", 128); }
BENCHMARK(BM_mpi3dRender128)->Unit(benchmark::kMicrosecond);

}  // namespace

namespace fb::bench {

void register_grid_scene_benchmarks() {
  for (const auto& name : fd::grid_scene_registry().names()) {
    benchmark::RegisterBenchmark(("BM_" + name + "Render").c_str(), [name](benchmark::State& s) {
      grid_render(s, name, 64);
    })->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark(("BM_" + name + "Generate").c_str(),
                                 [name](benchmark::State& s) { grid_generate(s, name, 512); })
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
  }
}

}  // namespace fb::bench
