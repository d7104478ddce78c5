#include "tests/support/mnist_files.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <fstream>

namespace fb::test {

namespace {
void put_u32(std::vector<std::uint8_t>& out, std::uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) out.push_back(static_cast<std::uint8_t>(v >> s));
}
}  // namespace

void write_idx(const std::string& path, const std::vector<std::uint32_t>& dims,
               const std::vector<std::uint8_t>& data, bool gz) {
  std::vector<std::uint8_t> bytes{0, 0, 0x08, static_cast<std::uint8_t>(dims.size())};
  for (auto d : dims) put_u32(bytes, d);
  bytes.insert(bytes.end(), data.begin(), data.end());
  if (gz) {
    gzFile f = gzopen((path + ".gz").c_str(), "wb");
    ASSERT_NE(f, nullptr);
    gzwrite(f, bytes.data(), static_cast<unsigned>(bytes.size()));
    gzclose(f);
  } else {
    std::ofstream(path, std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()),
               static_cast<std::streamsize>(bytes.size()));
  }
}

void write_mnist_part(const std::string& dir, const std::string& prefix, int n, int first,
                      bool gz) {
  std::vector<std::uint8_t> images(static_cast<std::size_t>(n) * 784, 0), labels;
  for (int i = 0; i < n; ++i) {
    const int global = first + i, digit = global % 10;
    images[i * 784 + 0] = static_cast<std::uint8_t>(global / 256);
    images[i * 784 + 1] = static_cast<std::uint8_t>(global % 256);
    images[i * 784 + 2] = static_cast<std::uint8_t>(digit);
    labels.push_back(static_cast<std::uint8_t>(digit));
  }
  write_idx(dir + "/" + prefix + "-images-idx3-ubyte", {static_cast<std::uint32_t>(n), 28, 28},
            images, gz);
  write_idx(dir + "/" + prefix + "-labels-idx1-ubyte", {static_cast<std::uint32_t>(n)}, labels, gz);
}

}  // namespace fb::test
