// libFuzzer target: one Cars3D car_*_mesh.mat file (MATLAB v5 through matio, datagen/cars3d.*), read
// as the Cars3D reader reads each of its 183 files. Only fb::Error may leave the reader.
#include <cstdint>

#include "core/error.h"
#include "datagen/cars3d.h"
#include "tests/fuzz/fuzz_files.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = fb::fuzz::scratch() + "/car_001_mesh.mat";
  fb::fuzz::write_file(path, data, size);
  try {
    fb::data::Cars3dDataset::read_object(path);
  } catch (const fb::Error&) {
  }
  return 0;
}
