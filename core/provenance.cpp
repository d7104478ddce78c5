#include "core/provenance.h"

#include <hdf5.h>
#include <unistd.h>

#include <ctime>
#include <vector>

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
  std::time_t now = std::time(nullptr);
  char when[32];
  std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  p["created_utc"] = when;
  for (auto& h : hooks()) h(p);
  return p;
}

}  // namespace fb
