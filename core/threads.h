// Thread configuration shared by every command: one pool size for OpenMP loops and LibTorch, and
// OpenBLAS pinned to one thread (its own pool otherwise fights LibTorch's and training slows 3-4x).
#pragma once

#include <cstdint>
#include <functional>

namespace fb {

/// The default --threads: the number of hardware threads (measured fastest on 2-core machines).
int default_threads();

/// Applies `threads` to OpenMP and to every registered hook (LibTorch registers one), and limits
/// OpenBLAS to one thread. threads <= 0 means default_threads().
void configure_threads(int threads);

/// The value last given to configure_threads (default_threads() before any call).
int configured_threads();

/// For a forked child process: parallel_for runs on the calling thread from now on, and no thread hook
/// runs (libgomp's pool and LibTorch's do not survive fork(); a parallel region there can wait forever).
void single_thread_after_fork();

/// Lets a higher layer (the engine) apply the thread count to its own pools.
void add_thread_hook(std::function<void(int)> hook);

/// Runs body(begin, end) over [0, n) in contiguous static blocks on the configured threads.
/// Work must not depend on how the range is split (use Rng::for_item for per-item randomness).
void parallel_for(std::int64_t n, const std::function<void(std::int64_t, std::int64_t)>& body);

}  // namespace fb
