#include "tests/support/dataset_images.h"

namespace fb::test {

std::vector<std::uint8_t> images_of(const data::Dataset& d, std::int64_t first, std::int64_t n) {
  if (n < 0) n = d.size() - first;
  std::vector<std::uint8_t> out(static_cast<std::size_t>(n * d.image_bytes()));
  d.gather_range(first, n, out.data());
  return out;
}

std::vector<std::uint8_t> image_of(const data::Dataset& d, std::int64_t i) {
  return images_of(d, i, 1);
}

}  // namespace fb::test
