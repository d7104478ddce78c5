// libFuzzer target: MNIST's IDX files, plain or gzipped (datagen/mnist.*). The input holds up to four
// files split at fb::fuzz::kSeparator: train images, train labels, t10k images, t10k labels; each is
// read alone, then the folder as the MNIST dataset. Only fb::Error may leave the reader.
#include <cstdint>

#include "core/error.h"
#include "datagen/mnist.h"
#include "tests/fuzz/fuzz_files.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto parts = fb::fuzz::split_parts(data, size, 4);
  const std::string dir = fb::fuzz::fresh_dir("mnist");
  const char* names[4] = {"train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                          "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"};
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string path = dir + "/" + names[i];
    fb::fuzz::write_file(path, parts[i]);
    try {
      fb::data::read_idx(path);
    } catch (const fb::Error&) {
    }
  }
  try {
    fb::data::MnistConfig config;
    config.path = dir;
    fb::data::MnistDataset dataset(config);
  } catch (const fb::Error&) {
  }
  return 0;
}
