#include "datagen/texture.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "core/rng.h"

namespace fb::data {

Image procedural_texture(std::uint64_t seed) {
  // A domain-warped sum of random plane waves per channel: smooth, swirling, and cheap to regenerate.
  Rng rng = Rng::derive(seed, "scream-texture");
  constexpr int kWaves = 6;
  struct Wave {
    double fx, fy, phase, amp;
  };
  Wave warp[2][kWaves], colour[3][kWaves];
  auto draw = [&](Wave* w) {
    for (int i = 0; i < kWaves; ++i) {
      double angle = rng.uniform(0.0, 6.283185307179586);
      double freq = rng.uniform(0.01, 0.06);
      w[i] = {freq * std::cos(angle), freq * std::sin(angle), rng.uniform(0.0, 6.283185307179586),
              rng.uniform(0.5, 1.0)};
    }
  };
  for (auto& w : warp) draw(w);
  for (auto& w : colour) draw(w);
  auto field = [](const Wave* w, double x, double y) {
    double s = 0, norm = 0;
    for (int i = 0; i < kWaves; ++i) {
      s += w[i].amp * std::sin(w[i].fx * x + w[i].fy * y + w[i].phase);
      norm += w[i].amp;
    }
    return s / norm;  // in [-1, 1]
  };
  Image img{kTextureHeight, kTextureWidth, 3, {}};
  img.pixels.resize(static_cast<std::size_t>(kTextureHeight) * kTextureWidth * 3);
  for (int y = 0; y < kTextureHeight; ++y)
    for (int x = 0; x < kTextureWidth; ++x) {
      double wx = x + 40.0 * field(warp[0], x, y), wy = y + 40.0 * field(warp[1], x, y);
      for (int c = 0; c < 3; ++c) {
        double v = 0.5 + 0.5 * field(colour[c], wx, wy);
        img.pixels[(static_cast<std::size_t>(y) * kTextureWidth + x) * 3 + c] =
            static_cast<std::uint8_t>(std::lround(std::clamp(v, 0.0, 1.0) * 255.0));
      }
    }
  return img;
}

Image texture_from_file(const std::string& path) {
  Image src = read_image_rgb(path);
  double ratio = std::min({1.0, 350.0 / src.width, 274.0 / src.height});
  int w = std::max(1, static_cast<int>(src.width * ratio)),
      h = std::max(1, static_cast<int>(src.height * ratio));
  if (w < 64 || h < 64)
    throw DataError(path + ": texture must be at least 64x64 after fitting into 350x274 (got " +
                    std::to_string(w) + "x" + std::to_string(h) + ")");
  Image out{h, w, 3, std::vector<std::uint8_t>(static_cast<std::size_t>(h) * w * 3)};
  // Box filter: each output pixel averages the source pixels its footprint covers.
  for (int y = 0; y < h; ++y) {
    int sy0 = y * src.height / h, sy1 = std::max(sy0 + 1, (y + 1) * src.height / h);
    for (int x = 0; x < w; ++x) {
      int sx0 = x * src.width / w, sx1 = std::max(sx0 + 1, (x + 1) * src.width / w);
      for (int c = 0; c < 3; ++c) {
        long sum = 0;
        for (int sy = sy0; sy < sy1; ++sy)
          for (int sx = sx0; sx < sx1; ++sx)
            sum += src.pixels[(static_cast<std::size_t>(sy) * src.width + sx) * 3 + c];
        long count = static_cast<long>(sy1 - sy0) * (sx1 - sx0);
        out.pixels[(static_cast<std::size_t>(y) * w + x) * 3 + c] =
            static_cast<std::uint8_t>((sum + count / 2) / count);
      }
    }
  }
  return out;
}

}  // namespace fb::data
