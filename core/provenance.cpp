#include "core/provenance.h"

#include <hdf5.h>
#include <unistd.h>

#include <cstdlib>
#include <ctime>
#include <vector>

#include "core/machine.h"
#include "core/threads.h"
#include "core/version.h"

namespace fb {

namespace {
std::vector<std::function<void(Json&)>>& hooks() {
  static std::vector<std::function<void(Json&)>> h;
  return h;
}
}  // namespace

const char* git_commit() { return kGitCommit; }
const char* factorbench_version() { return kVersion; }

Json gpus_allocated() {
  // Comma-separated ids ("0,1", "GPU-uuid,..."); an empty value means no GPU was given.
  auto count_ids = [](const std::string& s) {
    if (s.empty() || s == "NoDevFiles") return 0;
    int n = 1;
    for (char c : s) n += c == ',';
    return n;
  };
  for (const char* var : {"CUDA_VISIBLE_DEVICES", "SLURM_STEP_GPUS", "SLURM_JOB_GPUS"})
    if (const char* v = std::getenv(var)) return Json{{"count", count_ids(v)}, {"from", var}};
  if (const char* v = std::getenv("SLURM_GPUS_ON_NODE")) {
    char* end = nullptr;
    long n = std::strtol(v, &end, 10);
    if (end != v && *end == '\0' && n >= 0)
      return Json{{"count", n}, {"from", "SLURM_GPUS_ON_NODE"}};
  }
  return Json{{"count", nullptr}, {"from", "none"}};
}

void add_provenance_hook(std::function<void(Json&)> hook) { hooks().push_back(std::move(hook)); }

Json provenance() {
  Json p;
  p["factorbench"] = kVersion;
  p["git_commit"] = kGitCommit;
#if defined(__clang__)
  p["compiler"] = std::string("clang ") + __clang_version__;
#elif defined(__GNUC__)
  p["compiler"] = std::string("gcc ") + __VERSION__;
#endif
  unsigned maj = 0, min = 0, rel = 0;
  H5get_libversion(&maj, &min, &rel);
  p["hdf5"] = std::to_string(maj) + "." + std::to_string(min) + "." + std::to_string(rel);
  p["threads"] = configured_threads();
  char host[256] = {0};
  gethostname(host, sizeof host - 1);
  p["host"] = host;
  p["gpus_allocated"] = gpus_allocated();
  p["machine"] = machine_facts();
  std::time_t now = std::time(nullptr);
  char when[32];
  std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  p["created_utc"] = when;
  for (auto& h : hooks()) h(p);
  return p;
}

}  // namespace fb
