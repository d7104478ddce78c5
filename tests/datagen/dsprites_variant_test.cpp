#include <gtest/gtest.h>

#include <cstring>

#include "datagen/dsprites.h"
#include "datagen/dsprites_geometry.h"
#include "datagen/texture.h"
#include "tests/support/dataset_images.h"

namespace fb::data {
namespace {

namespace ds = dsprites;

std::vector<std::uint8_t> mask_of(std::int64_t shape) {
  std::vector<std::uint8_t> m(4096);
  std::int64_t c[6] = {0, shape, 5, 7, 12, 20};
  ds::render_mask(c, m.data());
  return m;
}

std::vector<std::uint8_t> apply(const std::string& variant, std::uint64_t draw_seed) {
  DspritesConfig cfg;
  cfg.variant = variant;
  DspritesVariant v(cfg);
  std::vector<std::uint8_t> out(static_cast<std::size_t>(4096 * v.channels()));
  Rng rng(draw_seed);
  auto m = mask_of(1);
  v.apply(m.data(), rng, out.data());
  return out;
}

TEST(DspritesVariant, ColorIsOneColourInUpperHalfOnBlack) {
  auto m = mask_of(1);
  auto img = apply("color", 1);
  std::uint8_t rgb[3] = {img[0], img[1], img[2]};
  int lit = -1;
  for (int p = 0; p < 4096; ++p) {
    if (!m[p]) {
      for (int c = 0; c < 3; ++c) ASSERT_EQ(img[p * 3 + c], 0);
    } else {
      if (lit < 0) {
        lit = p;
        for (int c = 0; c < 3; ++c) rgb[c] = img[p * 3 + c];
      }
      for (int c = 0; c < 3; ++c) {
        ASSERT_EQ(img[p * 3 + c], rgb[c]);
        ASSERT_GE(img[p * 3 + c], 127);
      }
    }
  }
  EXPECT_NE(apply("color", 1), apply("color", 2));
}

TEST(DspritesVariant, NoisyIsWhiteSpriteOnUniformNoise) {
  auto m = mask_of(0);
  DspritesConfig cfg;
  cfg.variant = "noisy";
  DspritesVariant v(cfg);
  std::vector<std::uint8_t> img(4096 * 3);
  Rng rng(4);
  v.apply(m.data(), rng, img.data());
  double sum = 0;
  int n = 0;
  for (int p = 0; p < 4096; ++p)
    for (int c = 0; c < 3; ++c) {
      if (m[p]) {
        ASSERT_EQ(img[p * 3 + c], 255);
      } else {
        sum += img[p * 3 + c];
        ++n;
      }
    }
  EXPECT_NEAR(sum / n, 127.5, 3.0);
}

TEST(DspritesVariant, ScreamInvertsSpriteOverTexture) {
  auto m = mask_of(2);
  auto img = apply("scream", 9);
  // Inside the sprite the pixel is 255 - background, so sprite and nearby background differ on average.
  double inside = 0, outside = 0;
  int ni = 0, no = 0;
  for (int p = 0; p < 4096; ++p) {
    double v = (img[p * 3] + img[p * 3 + 1] + img[p * 3 + 2]) / 3.0;
    (m[p] ? inside : outside) += v;
    (m[p] ? ni : no)++;
  }
  EXPECT_GT(ni, 50);
  EXPECT_NE(inside / ni, outside / no);
  EXPECT_NE(apply("scream", 9), apply("scream", 10));
}

TEST(DspritesVariant, ProceduralTextureIsSeededAndSized) {
  auto a = procedural_texture(0), b = procedural_texture(0), c = procedural_texture(1);
  EXPECT_EQ(a.height, kTextureHeight);
  EXPECT_EQ(a.width, kTextureWidth);
  EXPECT_EQ(a.pixels, b.pixels);
  EXPECT_NE(a.pixels, c.pixels);
}

TEST(DspritesVariant, ImbalancedPriorDrivesSampling) {
  DspritesConfig cfg;
  cfg.variant = "imbalanced";
  cfg.shape_weights = {0.7, 0.2, 0.1};
  auto d = DspritesDataset::procedural(cfg, 8);
  Rng rng(2);
  auto f = d->sample_factors(20000, rng);
  int per[3] = {0, 0, 0};
  for (int i = 0; i < 20000; ++i) per[f[i * 6 + 1]]++;
  EXPECT_NEAR(per[0] / 20000.0, 0.7, 0.015);
  EXPECT_NEAR(per[1] / 20000.0, 0.2, 0.015);
  EXPECT_NEAR(per[2] / 20000.0, 0.1, 0.015);
}

TEST(DspritesVariant, ProceduralSubsetMatchesOracle) {
  DspritesConfig cfg;
  auto d = DspritesDataset::procedural(cfg, 16);
  EXPECT_EQ(d->size(), 16);
  std::vector<std::uint8_t> out(4096);
  Rng rng(0);
  for (int i = 0; i < 16; ++i) {
    d->render(d->classes() + i * 6, 1, rng, out.data());
    ASSERT_EQ(0, std::memcmp(out.data(), test::image_of(*d, i).data(), 4096));
  }
}

}  // namespace
}  // namespace fb::data
