// libFuzzer target: numpy .npy headers and .npz archives (core/npz.*), and the readers that open them
// by content (the dSprites and MPI3D releases). Only fb::Error may leave a reader: anything else (a
// crash, a sanitizer report, another exception, an allocation past libFuzzer's limit) is a finding.
#include <cstdint>

#include "core/error.h"
#include "core/npz.h"
#include "datagen/file_reader.h"
#include "tests/fuzz/fuzz_files.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = fb::fuzz::scratch() + "/input.npz";
  try {  // a bare .npy member
    fb::npy::parse_header(data, size, "input.npy");
  } catch (const fb::Error&) {
  }
  fb::fuzz::write_file(path, data, size);
  try {
    const fb::npy::Npz npz(path);
    for (const auto& name : npz.arrays()) {
      try {
        const auto h = npz.header(name);
        std::vector<std::int64_t> any(h.shape.size(), -1);
        if (h.descr[1] == 'f')
          npz.read_all<double>(name, any);
        else
          npz.read_all<std::int64_t>(name, any);
        std::uint8_t first[8];
        const std::uint64_t bytes = static_cast<std::uint64_t>(h.count()) * h.item_size();
        if (bytes >= 8) npz.read_at(name, bytes - 8, 8, first);
      } catch (const fb::Error&) {
      }
    }
  } catch (const fb::Error&) {
  }
  try {
    const auto dataset = fb::data::open_file(path);
    (void)dataset->size();
  } catch (const fb::Error&) {
  }
  return 0;
}
