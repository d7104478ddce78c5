// Dataset generator throughput (items = images).
#include <benchmark/benchmark.h>

#include <filesystem>
#include <numeric>

#include "core/threads.h"
#include "datagen/dsprites_generate.h"
#include "datagen/dsprites_geometry.h"

namespace {

namespace ds = fb::data::dsprites;

// Rasterising sprites on one thread, over a stride through the whole grid.
void BM_DspritesRenderMask(benchmark::State& state) {
  std::uint8_t mask[ds::kSize * ds::kSize];
  std::int64_t classes[6];
  std::int64_t i = 0;
  for (auto _ : state) {
    ds::classes_of((i * 7919) % ds::kNumImages, classes);
    ds::render_mask(classes, mask);
    benchmark::DoNotOptimize(mask);
    ++i;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DspritesRenderMask);

// The file writer (render + parallel deflate + direct chunk writes) on `rows` images, all threads.
void generate(benchmark::State& state, const std::string& variant, std::int64_t rows) {
  fb::configure_threads(0);
  fb::data::DspritesConfig cfg;
  cfg.variant = variant;
  std::vector<std::int64_t> idx(static_cast<std::size_t>(rows));
  std::iota(idx.begin(), idx.end(), 0);
  auto path = (std::filesystem::temp_directory_path() / "fb_bench_dsprites.h5").string();
  for (auto _ : state) fb::data::write_dsprites_rows(cfg, idx, path, /*force=*/true);
  std::filesystem::remove(path);
  state.SetItemsProcessed(state.iterations() * rows);
}

void BM_DspritesGenerate(benchmark::State& state) { generate(state, "none", 65536); }
BENCHMARK(BM_DspritesGenerate)->Unit(benchmark::kMillisecond)->UseRealTime();
void BM_DspritesColorGenerate(benchmark::State& state) { generate(state, "color", 16384); }
BENCHMARK(BM_DspritesColorGenerate)->Unit(benchmark::kMillisecond)->UseRealTime();
// The goal: all 737,280 images written in <= 5 s on 2 cores. Left out of the CI smoke run.
void BM_DspritesGenerateAll(benchmark::State& state) { generate(state, "none", ds::kNumImages); }
BENCHMARK(BM_DspritesGenerateAll)
    ->Name("BM_DspritesGenerate/full")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1);

}  // namespace
