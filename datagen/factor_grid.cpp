#include "datagen/factor_grid.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"

namespace fb::data {

Image factor_grid(const Dataset& d, int columns, std::uint64_t seed) {
  if (columns < 1)
    throw ConfigError("grid columns must be >= 1 (got " + std::to_string(columns) + ")");
  std::vector<int> rows;
  for (int k = 0; k < d.num_factors(); ++k)
    if (d.factors()[k].size() > 1) rows.push_back(k);
  const int pad = 2;
  Image img;
  img.channels = 3;
  img.width = columns * (d.width() + pad) + pad;
  img.height = static_cast<int>(rows.size()) * (d.height() + pad) + pad;
  img.pixels.assign(static_cast<std::size_t>(img.width) * img.height * 3, 128);

  Rng rng = Rng::derive(seed, "factor-grid");
  const auto base = d.sample_factors(1, rng);
  std::vector<std::uint8_t> obs(static_cast<std::size_t>(d.image_bytes()));
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const int k = rows[r];
    const std::int64_t m = d.factors()[k].size();
    const int shown = static_cast<int>(std::min<std::int64_t>(columns, m));
    for (int col = 0; col < shown; ++col) {
      auto classes = base;
      classes[k] =
          shown > 1 ? static_cast<std::int64_t>(std::llround(double(col) * (m - 1) / (shown - 1)))
                    : 0;
      Rng nuisance = Rng::derive(seed, "factor-grid-nuisance");  // same nuisance along a row
      d.render(classes.data(), 1, nuisance, obs.data());
      const int x0 = pad + col * (d.width() + pad),
                y0 = pad + static_cast<int>(r) * (d.height() + pad);
      for (int y = 0; y < d.height(); ++y)
        for (int x = 0; x < d.width(); ++x)
          for (int c = 0; c < 3; ++c) {
            const int src_c = d.channels() == 3 ? c : 0;
            float v = obs[(static_cast<std::size_t>(y) * d.width() + x) * d.channels() + src_c] *
                      d.pixel_scale();
            img.pixels[(static_cast<std::size_t>(y0 + y) * img.width + x0 + x) * 3 + c] =
                static_cast<std::uint8_t>(std::lround(std::clamp(v, 0.0f, 1.0f) * 255.0f));
          }
    }
  }
  return img;
}

}  // namespace fb::data
