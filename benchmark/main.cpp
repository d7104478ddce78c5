// The benchmark executable's entry point: the fixed benchmarks register themselves in their
// *_bench.cpp files; the registry walks are added here, once every registry is filled.
#include <benchmark/benchmark.h>

#include "benchmark/registry_walk.h"

int main(int argc, char** argv) {
  fb::bench::register_model_benchmarks();
  fb::bench::register_metric_benchmarks();
  fb::bench::register_grid_scene_benchmarks();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
