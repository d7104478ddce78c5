#include "core/machine.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "core/provenance.h"

namespace fb {
namespace {

TEST(Machine, NamesOneDnnIsaValues) {
  EXPECT_EQ(onednn_isa_name(0x7), "avx2");
  EXPECT_EQ(onednn_isa_name(0xe7), "avx512_core_bf16");
  EXPECT_EQ(onednn_isa_name(0x407), "avx2_vnni");
  EXPECT_EQ(onednn_isa_name(0x1234), "0x1234");
}

TEST(Machine, ReadsTheCpuFromProcCpuinfo) {
  if (!std::ifstream("/proc/cpuinfo")) GTEST_SKIP() << "no /proc/cpuinfo";
  EXPECT_NE(cpu_model(), "unknown");
  __builtin_cpu_init();
  const auto flags = cpu_isa_flags();
  const bool listed = std::find(flags.begin(), flags.end(), "avx2") != flags.end();
  EXPECT_EQ(listed, static_cast<bool>(__builtin_cpu_supports("avx2")));
}

TEST(Machine, ProvenanceRecordsTheMachineAndItsPeaks) {
  const Json m = provenance()["machine"];
  EXPECT_TRUE(m.contains("cpu_model"));
  EXPECT_TRUE(m.contains("onednn"));    // null here: fb_core_tests loads no oneDNN
  EXPECT_TRUE(m.contains("openblas"));  // null unless the BLAS is OpenBLAS
  EXPECT_GT(m["fma_peak"]["one_core_flops"].get<double>(), 0.0);
  EXPECT_GT(m["fma_peak"]["two_core_flops"].get<double>(), 0.0);
}

}  // namespace
}  // namespace fb
