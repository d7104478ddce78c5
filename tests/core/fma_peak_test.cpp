#include "core/fma_peak.h"

#include <gtest/gtest.h>

namespace fb {
namespace {

TEST(FmaPeak, Avx2KernelDoesTheFlopsItCounts) {
  __builtin_cpu_init();
  if (!__builtin_cpu_supports("avx2") || !__builtin_cpu_supports("fma"))
    GTEST_SKIP() << "no AVX2+FMA on this CPU";
  // Every lane computes acc = acc·1 + 1 from 0, so the lanes sum to the number of FMAs performed;
  // each FMA is 2 FLOPs. 12 accumulators × 8 lanes × 2.
  constexpr std::int64_t kIterations = 1000;
  EXPECT_EQ(avx2_flops_per_iteration(), 12 * 8 * 2);
  EXPECT_EQ(2 * run_avx2_fma_kernel(kIterations),
            static_cast<double>(kIterations * avx2_flops_per_iteration()));
}

TEST(FmaPeak, MeasuredPeakIsPositiveAndCached) {
  const double one = fma_peak_flops(1);
  EXPECT_GT(one, 0.0);
  EXPECT_EQ(fma_peak_flops(1), one);
  EXPECT_FALSE(fma_kernel_name().empty());
}

}  // namespace
}  // namespace fb
