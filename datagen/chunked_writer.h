// Parallel writing of large uint8 image arrays into HDF5: rows are rendered and gzip-deflated on all
// threads, a block of chunks at a time, and the compressed chunks are written directly in order. Used by
// every generator (dSprites, Teapots, the 3D grid datasets and their metric group sets).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/hdf5.h"

namespace fb::data {

/// Fills rows [first, first + count) of the array (count * row_bytes uint8, zero-initialised) on a
/// worker thread. Must depend only on the row indices, never on which thread or block runs it.
using RowRenderer = std::function<void(std::int64_t first, std::int64_t count, std::uint8_t* out)>;

/// Creates uint8 dataset `name` with shape `dims` (dims[0] = rows), chunked as `chunk_rows` rows
/// (whole rows: the chunk is {chunk_rows, dims[1], ...}) with gzip `gzip_level`, and fills it through
/// `render`. An edge chunk is padded with zeros, the fill value. The file is byte-identical to what
/// HDF5's own deflate filter writes for the same data, whatever the thread count.
void write_u8_chunked(h5::File& file, const std::string& name,
                      const std::vector<std::int64_t>& dims, std::int64_t chunk_rows,
                      int gzip_level, const RowRenderer& render, const std::string& progress_label);

}  // namespace fb::data
