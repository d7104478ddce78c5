#include "datagen/chunked_writer.h"

#include <zlib.h>

#include <algorithm>

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
  // Enough chunks per block to keep every thread busy while the compressed block waits to be written.
  const std::int64_t block = 16 * std::max(1, configured_threads());
  const auto chunk_bytes = static_cast<std::size_t>(chunk_rows * row_bytes);
  std::vector<std::vector<std::uint8_t>> packed(static_cast<std::size_t>(block));
  Progress progress(progress_label, n, "images", false);
  for (std::int64_t first = 0; first < nchunks; first += block) {
    const std::int64_t count = std::min(block, nchunks - first);
    bool ok = true;
    parallel_for(count, [&](std::int64_t b, std::int64_t e) {
      std::vector<std::uint8_t> raw(chunk_bytes);
      for (std::int64_t c = b; c < e; ++c) {
        const std::int64_t row0 = (first + c) * chunk_rows;
        std::fill(raw.begin(), raw.end(), 0);
        render(row0, std::min(chunk_rows, n - row0), raw.data());
        // compress2 at the dataset's level is exactly what HDF5's deflate filter produces.
        uLongf size = compressBound(static_cast<uLong>(chunk_bytes));
        auto& dst = packed[static_cast<std::size_t>(c)];
        dst.resize(size);
        if (compress2(dst.data(), &size, raw.data(), static_cast<uLong>(chunk_bytes), gzip_level) !=
            Z_OK)
          ok = false;
        dst.resize(size);
      }
    });
    if (!ok) throw Error(progress_label + ": zlib compression failed");
    for (std::int64_t c = 0; c < count; ++c) {
      std::vector<std::int64_t> offset(dims.size(), 0);
      offset[0] = (first + c) * chunk_rows;
      dataset.write_chunk(offset, packed[static_cast<std::size_t>(c)].data(),
                          packed[static_cast<std::size_t>(c)].size());
    }
    progress.update(std::min(n, (first + count) * chunk_rows));
  }
  progress.finish();
}

}  // namespace fb::data
