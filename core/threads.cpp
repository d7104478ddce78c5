#include "core/threads.h"

#include <dlfcn.h>
#include <omp.h>

#include <algorithm>
#include <mutex>
#include <thread>
#include <vector>

namespace fb {

namespace {
std::mutex g_mutex;
std::vector<std::function<void(int)>>& hooks() {
  static std::vector<std::function<void(int)>> h;
  return h;
}
int g_threads = 0;

// OpenBLAS is whatever libblas.so.3 the system's alternatives select, so look the symbol up at run time
// instead of linking it: with another BLAS this is a no-op.
void limit_openblas() {
  using SetThreads = void (*)(int);
  if (auto fn = reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads")))
    fn(1);
}
}  // namespace

int default_threads() { return std::max(1u, std::thread::hardware_concurrency()); }

void configure_threads(int threads) {
  if (threads <= 0) threads = default_threads();
  std::lock_guard<std::mutex> lock(g_mutex);
  g_threads = threads;
  omp_set_num_threads(threads);
  limit_openblas();
  for (auto& h : hooks()) h(threads);
}

int configured_threads() { return g_threads > 0 ? g_threads : default_threads(); }

void single_thread_after_fork() { g_threads = 1; }

void add_thread_hook(std::function<void(int)> hook) {
  std::lock_guard<std::mutex> lock(g_mutex);
  hooks().push_back(std::move(hook));
}

void parallel_for(std::int64_t n, const std::function<void(std::int64_t, std::int64_t)>& body) {
  if (n <= 0) return;
  int threads = static_cast<int>(std::min<std::int64_t>(configured_threads(), n));
  if (threads <= 1) {
    body(0, n);
    return;
  }
#pragma omp parallel num_threads(threads)
  {
    int t = omp_get_thread_num();
    int nt = omp_get_num_threads();
    std::int64_t begin = n * t / nt, end = n * (t + 1) / nt;
    if (begin < end) body(begin, end);
  }
}

}  // namespace fb
