#include "datagen/chunked_writer.h"

#include <zlib.h>

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <mutex>

#include "core/error.h"
#include "core/progress.h"
#include "core/threads.h"

namespace fb::data {

void write_u8_chunked(h5::File& file, const std::string& name,
                      const std::vector<std::int64_t>& dims, std::int64_t chunk_rows,
                      int gzip_level, const RowRenderer& render,
                      const std::string& progress_label) {
  const std::int64_t n = dims.at(0);
  // The HDF5 layer clamps a chunk to the dataset's extent; the chunks written here must match it.
  chunk_rows = std::max<std::int64_t>(1, std::min(chunk_rows, n));
  std::int64_t row_bytes = 1;
  for (std::size_t d = 1; d < dims.size(); ++d) row_bytes *= dims[d];
  std::vector<std::int64_t> chunk = dims;
  chunk[0] = chunk_rows;
  auto dataset = file.create_dataset(name, h5::Type::kU8, dims, {chunk, gzip_level});

  const std::int64_t nchunks = (n + chunk_rows - 1) / chunk_rows;
  const int threads = std::max(1, configured_threads());
  // Every thread takes the next chunk, renders and deflates it, and the thread that completes the
  // oldest unwritten chunk writes all consecutive finished ones, in order, while the others keep
  // rendering: no thread waits at a barrier or for the writes. A chunk is taken only within `window`
  // chunks of the oldest unwritten one, which bounds the compressed data held.
  const std::int64_t window = 16 * threads;
  const auto chunk_bytes = static_cast<std::size_t>(chunk_rows * row_bytes);
  std::vector<std::vector<std::uint8_t>> packed(static_cast<std::size_t>(window));
  std::vector<char> ready(static_cast<std::size_t>(window), 0);
  std::int64_t next = 0, written = 0;  // guarded by `mutex`
  std::mutex mutex;
  std::condition_variable room;  // signalled when `written` advances
  std::exception_ptr error;
  bool failed = false;  // guarded by `mutex`: stop taking chunks
  Progress progress(progress_label, n, "images", false);

  auto write_ready = [&](std::unique_lock<std::mutex>& lock) {
    // Called with the lock held. The writes run unlocked; meanwhile `written` stays at the first chunk
    // being written, so no other thread can find its own chunk at `written` and start writing too.
    // Chunks finished during the writes are picked up by the next round.
    while (true) {
      std::int64_t end = written;
      // At most `window` chunks: when all of them are ready, the slot after the last is the first's
      // again, and its flag would pass chunk written + window off as finished.
      while (end < nchunks && end < written + window &&
             ready[static_cast<std::size_t>(end % window)])
        ++end;
      if (end == written) return;
      const std::int64_t begin = written;
      lock.unlock();
      for (std::int64_t c = begin; c < end; ++c) {
        std::vector<std::int64_t> offset(dims.size(), 0);
        offset[0] = c * chunk_rows;
        auto& chunk = packed[static_cast<std::size_t>(c % window)];
        dataset.write_chunk(offset, chunk.data(), chunk.size());
      }
      progress.update(std::min(n, end * chunk_rows));
      lock.lock();
      for (std::int64_t c = begin; c < end; ++c) ready[static_cast<std::size_t>(c % window)] = 0;
      written = end;
      room.notify_all();
    }
  };

#pragma omp parallel num_threads(threads)
  {
    std::vector<std::uint8_t> raw(chunk_bytes);
    std::unique_lock<std::mutex> lock(mutex);
    while (true) {
      room.wait(lock, [&] { return failed || next >= nchunks || next < written + window; });
      if (failed || next >= nchunks) break;
      const std::int64_t c = next++;
      lock.unlock();
      try {
        const std::int64_t row0 = c * chunk_rows;
        std::fill(raw.begin(), raw.end(), 0);
        render(row0, std::min(chunk_rows, n - row0), raw.data());
        // compress2 at the dataset's level is exactly what HDF5's deflate filter produces.
        uLongf size = compressBound(static_cast<uLong>(chunk_bytes));
        auto& dst = packed[static_cast<std::size_t>(c % window)];
        dst.resize(size);
        if (compress2(dst.data(), &size, raw.data(), static_cast<uLong>(chunk_bytes), gzip_level) !=
            Z_OK)
          throw Error(progress_label + ": zlib compression failed");
        dst.resize(size);
        lock.lock();
        ready[static_cast<std::size_t>(c % window)] = 1;
        // The thread that completes the oldest unwritten chunk writes (see write_ready).
        if (c == written) write_ready(lock);
      } catch (...) {
        if (!lock.owns_lock()) lock.lock();
        if (!error) error = std::current_exception();
        failed = true;
        room.notify_all();
      }
    }
  }
  if (error) std::rethrow_exception(error);
  progress.finish();
}

}  // namespace fb::data
