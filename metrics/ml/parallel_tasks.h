// Independent tasks on the configured threads with exceptions carried out of the OpenMP region (an
// exception escaping a parallel region terminates the process).
#pragma once

#include <cstdint>
#include <exception>
#include <mutex>

#include "core/threads.h"

namespace fb::metrics::ml {

/// Runs task(i) for every i in [0, n) through fb::parallel_for; rethrows the first exception any
/// task threw once all threads are done (the remaining tasks of a failing block are skipped).
template <class Task>
void run_tasks(std::int64_t n, const Task& task) {
  std::exception_ptr error;
  std::mutex mutex;
  parallel_for(n, [&](std::int64_t begin, std::int64_t end) {
    try {
      for (std::int64_t i = begin; i < end; ++i) task(i);
    } catch (...) {
      std::lock_guard<std::mutex> lock(mutex);
      if (!error) error = std::current_exception();
    }
  });
  if (error) std::rethrow_exception(error);
}

}  // namespace fb::metrics::ml
