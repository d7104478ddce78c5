#include "tests/support/toy_dataset.h"

#include <algorithm>
#include <cstring>

namespace fb::test {

ToyDataset::ToyDataset(std::vector<std::int64_t> sizes, int height, int width, int channels,
                       std::int64_t count, std::uint64_t seed) {
  for (std::size_t k = 0; k < sizes.size(); ++k) {
    data::Factor f;
    f.name = "factor" + std::to_string(k);
    for (std::int64_t v = 0; v < sizes[k]; ++v)
      f.values.push_back(sizes[k] > 1 ? double(v) / double(sizes[k] - 1) : 0.0);
    factors_.push_back(f);
  }
  height_ = height;
  width_ = width;
  channels_ = channels;
  pixel_scale_ = channels == 3 ? 1.0f / 255.0f : 1.0f;
  const std::size_t K = sizes.size();
  if (count == 0) {
    std::int64_t total = 1;
    for (auto s : sizes) total *= s;
    classes_.resize(static_cast<std::size_t>(total) * K);
    for (std::int64_t i = 0; i < total; ++i) {
      std::int64_t rest = i;
      for (std::size_t k = K; k-- > 0;) {
        classes_[i * K + k] = rest % sizes[k];
        rest /= sizes[k];
      }
    }
  } else {
    Rng rng(seed);
    classes_ = sample_factors(count, rng);
  }
  images_.resize(static_cast<std::size_t>(size()) * image_bytes());
  Rng unused(0);
  render(classes_.data(), size(), unused, images_.data());
}

void ToyDataset::render(const std::int64_t* classes, std::int64_t n, Rng&,
                        std::uint8_t* out) const {
  const std::size_t K = factors_.size();
  const std::uint8_t on = channels_ == 3 ? 255 : 1;
  for (std::int64_t i = 0; i < n; ++i) {
    std::uint8_t* img = out + i * image_bytes();
    std::memset(img, 0, static_cast<std::size_t>(image_bytes()));
    for (std::size_t k = 0; k < K; ++k) {
      // Band of columns for factor k; the bar's top row encodes the class.
      int x0 = static_cast<int>(k * width_ / K), x1 = static_cast<int>((k + 1) * width_ / K);
      std::int64_t m = factors_[k].size();
      int top = m > 1 ? static_cast<int>((height_ - 1) * (m - 1 - classes[i * K + k]) / (m - 1))
                      : height_ - 1;
      for (int y = top; y < height_; ++y)
        for (int x = x0; x < std::max(x0 + 1, x1 - 1); ++x)
          for (int c = 0; c < channels_; ++c) img[(y * width_ + x) * channels_ + c] = on;
    }
  }
}

}  // namespace fb::test
