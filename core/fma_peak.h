// Measured peak fp32 FLOP/s of this CPU: a loop of independent fused multiply-adds, the best case
// that a convolution or GEMM kernel can approach. `bench train` divides the model's FLOP/s by it.
#pragma once

#include <cstdint>
#include <string>

namespace fb {

/// The widest FMA kernel this CPU runs: "avx512f", "avx2_fma" or "scalar" (chosen with
/// __builtin_cpu_supports).
std::string fma_kernel_name();

/// fp32 FLOPs one iteration of the AVX2 kernel performs: accumulators × 8 lanes × 2 (an FMA is a
/// multiply and an add).
std::int64_t avx2_flops_per_iteration();

/// Runs the AVX2+FMA kernel for `iterations` with every lane computing acc = acc·1 + 1 from 0, and
/// returns the sum of all lanes of all accumulators: iterations × (FMAs per iteration), so a test can
/// check the FLOP count against the arithmetic actually done. Requires AVX2 and FMA (checked).
double run_avx2_fma_kernel(std::int64_t iterations);

/// Peak fp32 FLOP/s with `threads` threads each running the widest kernel for ≈ 0.1 s (total FLOPs /
/// slowest thread's time). Measured once per thread count per process and cached.
double fma_peak_flops(int threads);

}  // namespace fb
