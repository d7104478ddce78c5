// libFuzzer target: the HDF5 layouts (the dSprites .hdf5, 3dshapes.h5 and the grid scenes' files,
// 3D Teapots, factorbench convert's .h5), opened by content through the reader registry. HDF5 reads
// files, so the input is written to one first. Only fb::Error may leave a reader.
#include <cstdint>

#include "core/error.h"
#include "datagen/file_reader.h"
#include "tests/fuzz/fuzz_files.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = fb::fuzz::scratch() + "/input.h5";
  fb::fuzz::write_file(path, data, size);
  try {
    const auto dataset = fb::data::open_file(path);
    if (dataset->size() > 0) {
      std::vector<std::uint8_t> out(static_cast<std::size_t>(dataset->image_bytes()));
      dataset->gather({dataset->size() - 1}, out.data());
    }
  } catch (const fb::Error&) {
  }
  return 0;
}
