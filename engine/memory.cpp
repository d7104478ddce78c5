#include "engine/memory.h"

#include <mutex>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace fb::engine {

void keep_freed_memory() {
#if defined(__GLIBC__)
  static std::once_flag once;
  std::call_once(once, [] {
    // 32 MiB is the largest threshold glibc accepts (HEAP_MAX_SIZE / 2 on 64-bit); larger requests
    // are ignored. Setting it also switches off glibc's dynamic threshold, which otherwise starts
    // at 128 KiB and lets the first steps' activations be mmap'ed.
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
  });
#endif
}

}  // namespace fb::engine
