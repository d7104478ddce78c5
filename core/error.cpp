#include "core/error.h"

#include <cstdio>
#include <cstdlib>

namespace fb::detail {

void check_failed(const char* expr, const char* file, int line) {
  std::fprintf(stderr, "factorbench internal error: %s failed at %s:%d\n", expr, file, line);
  std::abort();
}

void check_failed(const char* expr, const std::string& message, const char* file, int line) {
  std::fprintf(stderr, "factorbench internal error: %s (%s failed at %s:%d)\n", message.c_str(),
               expr, file, line);
  std::abort();
}

}  // namespace fb::detail
