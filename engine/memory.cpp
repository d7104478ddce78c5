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
    // Larger blocks (a StyleGAN activation at batch 64 is 64-130 MiB) would still be mmap'ed and
    // zero-filled anew each step: measured as half of Info-StyleGAN's step time in the kernel's
    // clear_page. With mmap off they come from the main arena's brk heap, which grows without limit
    // (other arenas hand such requests to it) and, untrimmed, is reused.
    mallopt(M_MMAP_MAX, 0);
  });
#endif
}

}  // namespace fb::engine
