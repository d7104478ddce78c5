// The calibration benchmark: a fixed, dependency-light CPU kernel on one thread, measured in the same
// run as everything else. scripts/bench-compare.py divides every figure by it, so a baseline taken on
// one machine can be compared with a run on a faster or busier one (docs/benchmarks.md: ratios, never raw
// seconds). Two parts, one figure: a float GEMM through Eigen (vector units, caches) and a scalar,
// branchy integer loop (the kind of code the rasterisers and samplers are made of).
#include <benchmark/benchmark.h>

#include <Eigen/Core>
#include <cstdint>

namespace {

constexpr int kN = 128;  // GEMM side: 2 * 128^3 flops, fits in L2
constexpr int kScalarSteps = 1 << 18;

// xorshift-driven integer work with a data-dependent branch; returns a value the optimiser must keep.
std::uint64_t scalar_kernel(std::uint64_t x) {
  std::uint64_t acc = 0;
  for (int i = 0; i < kScalarSteps; ++i) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    acc += (x & 1) ? (x >> 32) : (x & 0xffff);
  }
  return acc;
}

void BM_Calibration(benchmark::State& state) {
  Eigen::setNbThreads(1);  // one thread: the figure must not depend on the core count
  const Eigen::MatrixXf a =
      Eigen::MatrixXf::Constant(kN, kN, 0.5f) + Eigen::MatrixXf::Identity(kN, kN);
  const Eigen::MatrixXf b = Eigen::MatrixXf::Constant(kN, kN, 0.25f);
  Eigen::MatrixXf c(kN, kN);
  std::uint64_t seed = 88172645463325252ull;
  for (auto _ : state) {
    c.noalias() = a * b;
    benchmark::DoNotOptimize(c.data());
    seed = scalar_kernel(seed) | 1;
    benchmark::DoNotOptimize(seed);
  }
  // One item = one GEMM + one scalar loop.
  state.SetItemsProcessed(state.iterations());
}
// Its own minimum time and repetitions (these override the command line's): every comparison divides by
// it, so it must not be a single preempted iteration of a 0.01 s smoke run. bench-compare.py uses the
// median of the 5 repetitions.
BENCHMARK(BM_Calibration)->Unit(benchmark::kMicrosecond)->MinTime(0.05)->Repetitions(5);

}  // namespace
