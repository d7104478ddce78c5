#include "core/fma_peak.h"

#include <immintrin.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "core/error.h"

namespace fb {

namespace {

// Twelve independent accumulators: an FMA has a latency of 4 cycles and two issue ports on the
// CPUs this runs on (Zen 2–4, Skylake and later), so ≥ 8 chains keep both ports busy; 12 + the two
// operands still fit in the 16 ymm registers.
constexpr int kAccumulators = 12;

// `a` and `b` arrive at run time so the compiler cannot fold the chain; the lanes are summed and
// returned so it cannot drop it.
__attribute__((target("avx2,fma"))) double avx2_kernel(std::int64_t iterations, float a, float b) {
  const __m256 va = _mm256_set1_ps(a), vb = _mm256_set1_ps(b);
  __m256 acc[kAccumulators];
  for (auto& x : acc) x = _mm256_setzero_ps();
  for (std::int64_t i = 0; i < iterations; ++i)
    for (auto& x : acc) x = _mm256_fmadd_ps(x, va, vb);
  alignas(32) float lanes[8];
  double sum = 0;
  for (auto& x : acc) {
    _mm256_store_ps(lanes, x);
    for (float v : lanes) sum += v;
  }
  return sum;
}

__attribute__((target("avx512f"))) double avx512_kernel(std::int64_t iterations, float a, float b) {
  const __m512 va = _mm512_set1_ps(a), vb = _mm512_set1_ps(b);
  __m512 acc[kAccumulators];
  for (auto& x : acc) x = _mm512_setzero_ps();
  for (std::int64_t i = 0; i < iterations; ++i)
    for (auto& x : acc) x = _mm512_fmadd_ps(x, va, vb);
  alignas(64) float lanes[16];
  double sum = 0;
  for (auto& x : acc) {
    _mm512_store_ps(lanes, x);
    for (float v : lanes) sum += v;
  }
  return sum;
}

double scalar_kernel(std::int64_t iterations, float a, float b) {
  float acc[kAccumulators] = {};
  for (std::int64_t i = 0; i < iterations; ++i)
    for (auto& x : acc) x = x * a + b;
  double sum = 0;
  for (float x : acc) sum += x;
  return sum;
}

enum class Kernel { kScalar, kAvx2, kAvx512 };

Kernel widest_kernel() {
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f")) return Kernel::kAvx512;
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return Kernel::kAvx2;
  return Kernel::kScalar;
}

std::int64_t flops_per_iteration(Kernel k) {
  const int lanes = k == Kernel::kAvx512 ? 16 : k == Kernel::kAvx2 ? 8 : 1;
  return std::int64_t{kAccumulators} * lanes * 2;
}

double run_kernel(Kernel k, std::int64_t iterations, float a, float b) {
  switch (k) {
    case Kernel::kAvx512:
      return avx512_kernel(iterations, a, b);
    case Kernel::kAvx2:
      return avx2_kernel(iterations, a, b);
    case Kernel::kScalar:
      break;
  }
  return scalar_kernel(iterations, a, b);
}

// One thread's FLOP/s: blocks of iterations until ≈ 0.1 s have passed. Multiplying by slightly less
// than 1 keeps the values bounded however long it runs.
struct Timed {
  double flops = 0, seconds = 0;
};
Timed time_kernel(Kernel k) {
  constexpr std::int64_t kBlock = 1 << 20;
  constexpr double kSeconds = 0.1;
  volatile float a = 0.999999f, b = 1e-6f;
  Timed t;
  volatile double sink = 0;
  const auto t0 = std::chrono::steady_clock::now();
  std::int64_t blocks = 0;
  do {
    sink = sink + run_kernel(k, kBlock, a, b);
    ++blocks;
    t.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  } while (t.seconds < kSeconds);
  t.flops = static_cast<double>(blocks * kBlock * flops_per_iteration(k));
  return t;
}

double measure(int threads) {
  const Kernel k = widest_kernel();
  std::vector<Timed> results(static_cast<std::size_t>(threads));
  std::vector<std::thread> pool;
  for (int i = 0; i < threads; ++i)
    pool.emplace_back([&results, i, k] { results[i] = time_kernel(k); });
  for (auto& t : pool) t.join();
  double flops = 0, slowest = 0;
  for (const auto& r : results) {
    flops += r.flops;
    slowest = std::max(slowest, r.seconds);
  }
  return flops / slowest;
}

}  // namespace

std::string fma_kernel_name() {
  switch (widest_kernel()) {
    case Kernel::kAvx512:
      return "avx512f";
    case Kernel::kAvx2:
      return "avx2_fma";
    case Kernel::kScalar:
      break;
  }
  return "scalar";
}

std::int64_t avx2_flops_per_iteration() { return flops_per_iteration(Kernel::kAvx2); }

double run_avx2_fma_kernel(std::int64_t iterations) {
  __builtin_cpu_init();
  FB_CHECK(__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"),
           "run_avx2_fma_kernel on a CPU without AVX2 and FMA");
  return avx2_kernel(iterations, 1.0f, 1.0f);
}

double fma_peak_flops(int threads) {
  FB_CHECK(threads >= 1, "fma_peak_flops needs at least one thread");
  static std::mutex mutex;
  static std::map<int, double> cache;
  std::lock_guard<std::mutex> lock(mutex);
  auto it = cache.find(threads);
  if (it == cache.end()) it = cache.emplace(threads, measure(threads)).first;
  return it->second;
}

}  // namespace fb
