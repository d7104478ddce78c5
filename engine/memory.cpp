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
    // No mmap at any size: glibc's mmap threshold tops out at 32 MiB, and larger blocks (a StyleGAN
    // activation at batch 64 is 64-130 MiB) were mmap'ed and zero-filled anew each step, measured as
    // half of Info-StyleGAN's step time in the kernel's clear_page. Every block now comes from the
    // main arena's brk heap (other arenas hand large requests to it), which is never trimmed.
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
    mallopt(M_MMAP_MAX, 0);
  });
#endif
}

}  // namespace fb::engine
