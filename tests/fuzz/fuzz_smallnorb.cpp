// libFuzzer target: smallNORB's binary matrix files (datagen/smallnorb.*). The input holds up to six
// files, split at fb::fuzz::kSeparator: training dat, cat, info, then testing dat, cat, info. The
// first is also read alone as a matrix header. Only fb::Error may leave the reader.
#include <cstdint>

#include "core/error.h"
#include "datagen/smallnorb.h"
#include "tests/fuzz/fuzz_files.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto parts = fb::fuzz::split_parts(data, size, 6);
  const std::string dir = fb::fuzz::fresh_dir("smallnorb");
  const auto& chunks = fb::data::SmallNorbDataset::chunks();
  const char* kinds[3] = {"-dat.mat", "-cat.mat", "-info.mat"};
  for (std::size_t i = 0; i < parts.size(); ++i)
    fb::fuzz::write_file(dir + "/" + chunks[i / 3] + kinds[i % 3], parts[i]);
  try {
    fb::data::NorbMatrix header;
    fb::data::read_norb_ints(dir + "/" + chunks[0] + kinds[0], &header);
  } catch (const fb::Error&) {
  }
  try {
    fb::data::SmallNorbDataset::open(dir);
  } catch (const fb::Error&) {
  }
  return 0;
}
