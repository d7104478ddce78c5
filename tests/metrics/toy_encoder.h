// Representation functions over fb::test::ToyDataset images for metric tests: the identity (each
// code reads one factor's bar back as class/(m−1)), and simple corruptions of it.
#pragma once

#include <cstdint>
#include <vector>

#include "metrics/metric.h"
#include "tests/support/toy_dataset.h"

namespace fb::test {

/// Reads factor k's class back from a ToyDataset image (uint8 [H,W,C]) by the bar's height.
inline std::vector<std::int64_t> read_toy_classes(const data::Dataset& ds,
                                                  const std::uint8_t* img) {
  const int K = ds.num_factors(), H = ds.height(), W = ds.width(), C = ds.channels();
  std::vector<std::int64_t> out(static_cast<std::size_t>(K));
  for (int k = 0; k < K; ++k) {
    const int x0 = k * W / K;
    int top = H - 1;
    for (int y = 0; y < H; ++y)
      if (img[(y * W + x0) * C] != 0) {
        top = y;
        break;
      }
    const std::int64_t m = ds.factors()[k].size();
    // Invert top = (H−1)(m−1−c)/(m−1) (integer division) by searching the class.
    std::int64_t cls = 0;
    for (std::int64_t c = 0; c < m; ++c)
      if (m > 1 && static_cast<int>((H - 1) * (m - 1 - c) / (m - 1)) == top) cls = c;
    out[k] = cls;
  }
  return out;
}

/// Identity representation: D = K codes, code k = class_k / (m_k − 1).
inline metrics::Encoder identity_encoder(const data::Dataset& ds) {
  return [&ds](const std::uint8_t* images, std::int64_t n, float* codes) {
    const int K = ds.num_factors();
    for (std::int64_t i = 0; i < n; ++i) {
      const auto cls = read_toy_classes(ds, images + i * ds.image_bytes());
      for (int k = 0; k < K; ++k) {
        const auto m = ds.factors()[k].size();
        codes[i * K + k] = m > 1 ? static_cast<float>(cls[k]) / static_cast<float>(m - 1) : 0.0f;
      }
    }
  };
}

/// Constant representation: every code 0.
inline metrics::Encoder constant_encoder(std::int64_t dim) {
  return [dim](const std::uint8_t*, std::int64_t n, float* codes) {
    for (std::int64_t i = 0; i < n * dim; ++i) codes[i] = 0.0f;
  };
}

}  // namespace fb::test
