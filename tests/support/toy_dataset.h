// A tiny in-memory factor dataset for tests: every factor combination (or a seeded subset) rendered as a
// small image in which factor k draws a vertical bar in its own band, at a height set by its class.
#pragma once

#include <cstdint>
#include <vector>

#include "datagen/dataset.h"

namespace fb::test {

class ToyDataset : public data::Dataset {
 public:
  /// Factor cardinalities `sizes`; holds `count` observations with uniform random factors (seeded), or the
  /// full grid when count == 0. Images [H,W,C] with values 0/1 (pixel_scale 1) or 0..255 when C == 3.
  ToyDataset(std::vector<std::int64_t> sizes, int height = 64, int width = 64, int channels = 1,
             std::int64_t count = 0, std::uint64_t seed = 1);
  std::string name() const override { return "toy"; }
  void render(const std::int64_t* classes, std::int64_t n, Rng& rng,
              std::uint8_t* out) const override;
};

}  // namespace fb::test
