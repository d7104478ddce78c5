#include "core/paths.h"

#include <cstdlib>
#include <filesystem>

#include "core/error.h"

namespace fb {

std::string cache_dir() {
  std::string dir;
  if (const char* v = std::getenv("FACTORBENCH_CACHE"); v && *v) {
    dir = v;
  } else if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) {
    dir = std::string(x) + "/factorbench";
  } else if (const char* h = std::getenv("HOME"); h && *h) {
    dir = std::string(h) + "/.cache/factorbench";
  } else {
    dir = ".factorbench-cache";
  }
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw DataError(dir + ": cannot create cache directory (set FACTORBENCH_CACHE)");
  return dir;
}

}  // namespace fb
