#include "datagen/dataset.h"

#include <algorithm>
#include <cstring>
#include <numeric>

namespace fb::data {

std::vector<std::int64_t> Dataset::factor_sizes() const {
  std::vector<std::int64_t> out;
  for (const auto& f : factors_) out.push_back(f.size());
  return out;
}

std::vector<std::int64_t> Dataset::sample_factors(std::int64_t n, Rng& rng) const {
  std::vector<std::int64_t> out(static_cast<std::size_t>(n) * factors_.size());
  for (std::int64_t i = 0; i < n; ++i)
    for (std::size_t k = 0; k < factors_.size(); ++k)
      out[i * factors_.size() + k] =
          static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(factors_[k].size())));
  return out;
}

std::vector<std::int64_t> Dataset::sample_indices(std::int64_t n, Rng& rng) const {
  std::vector<std::int64_t> out(static_cast<std::size_t>(n));
  for (auto& i : out) i = static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(size())));
  return out;
}

void Dataset::gather(const std::vector<std::int64_t>& indices, std::uint8_t* out) const {
  const auto bytes = static_cast<std::size_t>(image_bytes());
  for (std::size_t i = 0; i < indices.size(); ++i)
    std::memcpy(out + i * bytes, held_image(indices[i]), bytes);
}

void Dataset::gather_range(std::int64_t first, std::int64_t n, std::uint8_t* out) const {
  std::vector<std::int64_t> rows(static_cast<std::size_t>(n));
  std::iota(rows.begin(), rows.end(), first);
  gather(rows, out);
}

}  // namespace fb::data
