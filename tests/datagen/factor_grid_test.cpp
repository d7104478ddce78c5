#include "datagen/factor_grid.h"

#include <gtest/gtest.h>

#include "datagen/dsprites.h"

namespace fb::data {
namespace {

TEST(FactorGrid, OneRowPerVaryingFactor) {
  auto d = DspritesDataset::procedural(DspritesConfig{}, 4);
  auto img = factor_grid(*d, 8, 0);
  EXPECT_EQ(img.channels, 3);
  EXPECT_EQ(img.width, 8 * 66 + 2);
  EXPECT_EQ(img.height, 5 * 66 + 2);  // color has a single value and gets no row
  // Each cell of the posX row differs from its neighbour (the sprite moves).
  auto cell = [&](int row, int col) {
    std::vector<std::uint8_t> c;
    for (int y = 0; y < 64; ++y)
      for (int x = 0; x < 64; ++x)
        c.push_back(img.pixels[((2 + row * 66 + y) * img.width + 2 + col * 66 + x) * 3]);
    return c;
  };
  EXPECT_NE(cell(3, 0), cell(3, 1));
  EXPECT_THROW(factor_grid(*d, 0, 0), ConfigError);
}

}  // namespace
}  // namespace fb::data
