// The benchmark executable's entry point (each *_bench.cpp only registers benchmarks).
#include <benchmark/benchmark.h>

BENCHMARK_MAIN();
