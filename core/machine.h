// What this process runs on: the CPU, its SIMD extensions, the kernels the linked libraries dispatched
// to and the measured FMA peak (docs/performance.md, "What ran"). Torch-free: oneDNN and OpenBLAS are
// looked up at run time in whatever libraries the process loaded; the engine adds ATen's capability.
#pragma once

#include <string>
#include <vector>

#include "core/json.h"

namespace fb {

/// "model name" of the first processor in /proc/cpuinfo ("unknown" where absent).
std::string cpu_model();

/// The SIMD extensions among /proc/cpuinfo's flags that decide which kernels run (sse4_2 … amx_tile),
/// in a fixed order; empty where /proc/cpuinfo is absent.
std::vector<std::string> cpu_isa_flags();

/// oneDNN's dnnl_cpu_isa_t value as a name ("avx2", "avx512_core_bf16", ...; "0x.." when unknown).
std::string onednn_isa_name(int isa);

/// {"version": "2.6.0", "isa": "avx512_core_bf16"} from the loaded oneDNN, or null when none is loaded.
Json onednn_facts();

/// {"core": "Haswell", "config": "OpenBLAS 0.3.21 ...", "threads": 1} from the loaded OpenBLAS, or
/// null when the BLAS is another one.
Json openblas_facts();

/// {"cpu_model", "isa_flags", "onednn", "openblas", "fma_peak": {"kernel", "one_core_flops",
/// "two_core_flops"}} (FLOP/s, fp32). The peaks are measured on first use (≈ 0.2 s) and cached.
Json machine_facts();

}  // namespace fb
