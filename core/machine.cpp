#include "core/machine.h"

#include <dlfcn.h>

#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

#include "core/fma_peak.h"

namespace fb {

namespace {

// The value of the first "key : value" line of /proc/cpuinfo whose key is `key`.
std::string cpuinfo_field(const std::string& key) {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string k = line.substr(0, colon);
    while (!k.empty() && (k.back() == ' ' || k.back() == '\t')) k.pop_back();
    if (k != key) continue;
    const std::string v = line.substr(colon + 1);
    const auto start = v.find_first_not_of(" \t");
    return start == std::string::npos ? std::string() : v.substr(start);
  }
  return {};
}

// Functions of libraries this process may or may not have loaded (libdnnl through LibTorch, OpenBLAS
// as libblas.so.3); looked up at run time like core/threads.cpp's openblas_set_num_threads.
template <typename Fn>
Fn lookup(const char* name) {
  return reinterpret_cast<Fn>(dlsym(RTLD_DEFAULT, name));
}

// oneDNN 2.x's dnnl_version_t.
struct DnnlVersion {
  int major, minor, patch;
  const char* hash;
  unsigned cpu_runtime, gpu_runtime;
};

}  // namespace

std::string cpu_model() {
  std::string m = cpuinfo_field("model name");
  return m.empty() ? "unknown" : m;
}

std::vector<std::string> cpu_isa_flags() {
  static const char* const kRelevant[] = {"sse4_2",   "avx",      "avx2",        "fma",
                                          "f16c",     "avx512f",  "avx512dq",    "avx512cd",
                                          "avx512bw", "avx512vl", "avx512_vnni", "avx512_bf16",
                                          "avx_vnni", "amx_tile", "amx_bf16",    "amx_int8"};
  std::istringstream words(cpuinfo_field("flags"));
  std::set<std::string> present;
  for (std::string w; words >> w;) present.insert(w);
  std::vector<std::string> out;
  for (const char* f : kRelevant)
    if (present.count(f)) out.emplace_back(f);
  return out;
}

std::string onednn_isa_name(int isa) {
  // oneDNN 2.6's dnnl_cpu_isa_t: each value is a bit mask of the ones below it.
  switch (isa) {
    case 0x0:
      return "all";
    case 0x1:
      return "sse41";
    case 0x3:
      return "avx";
    case 0x7:
      return "avx2";
    case 0x27:
      return "avx512_core";
    case 0x67:
      return "avx512_core_vnni";
    case 0xe7:
      return "avx512_core_bf16";
    case 0x3e7:
      return "avx512_core_amx";
    case 0x407:
      return "avx2_vnni";
    default:
      break;
  }
  char hex[16];
  std::snprintf(hex, sizeof hex, "0x%x", static_cast<unsigned>(isa));
  return hex;
}

Json onednn_facts() {
  auto isa = lookup<int (*)()>("dnnl_get_effective_cpu_isa");
  if (!isa) return nullptr;
  Json j;
  if (auto version = lookup<const DnnlVersion* (*)()>("dnnl_version")) {
    const DnnlVersion* v = version();
    j["version"] =
        std::to_string(v->major) + "." + std::to_string(v->minor) + "." + std::to_string(v->patch);
  }
  j["isa"] = onednn_isa_name(isa());
  return j;
}

Json openblas_facts() {
  auto core = lookup<char* (*)()>("openblas_get_corename");
  if (!core) return nullptr;
  Json j;
  j["core"] = core();
  if (auto config = lookup<char* (*)()>("openblas_get_config")) j["config"] = config();
  if (auto threads = lookup<int (*)()>("openblas_get_num_threads")) j["threads"] = threads();
  return j;
}

Json machine_facts() {
  Json j;
  j["cpu_model"] = cpu_model();
  j["isa_flags"] = cpu_isa_flags();
  j["onednn"] = onednn_facts();
  j["openblas"] = openblas_facts();
  j["fma_peak"] = {{"kernel", fma_kernel_name()},
                   {"one_core_flops", fma_peak_flops(1)},
                   {"two_core_flops", fma_peak_flops(2)}};
  return j;
}

}  // namespace fb
