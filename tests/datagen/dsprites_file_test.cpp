#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/hdf5.h"
#include "datagen/dsprites.h"
#include "datagen/dsprites_generate.h"
#include "datagen/dsprites_geometry.h"
#include "tests/support/dataset_images.h"
#include "tests/support/temp_dir.h"

namespace fb::data {
namespace {

namespace ds = dsprites;

// A few rows across the grid, enough for two chunks with a partial edge chunk.
std::vector<std::int64_t> some_rows() {
  std::vector<std::int64_t> rows;
  for (std::int64_t i = 0; i < 100; ++i) rows.push_back(i * 7351 % ds::kNumImages);
  std::sort(rows.begin(), rows.end());
  rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
  return rows;
}

TEST(DspritesFile, LayoutAndLabels) {
  test::TempDir tmp;
  auto rows = some_rows();
  write_dsprites_rows(DspritesConfig{}, rows, tmp.file("d.h5"), false);
  auto f = h5::File::open(tmp.file("d.h5"));
  const auto n = static_cast<std::int64_t>(rows.size());
  f.dataset("imgs").expect(h5::Type::kU8, {n, 64, 64});
  f.dataset("latents/classes").expect(h5::Type::kI64, {n, 6});
  f.dataset("latents/values").expect(h5::Type::kF64, {n, 6});
  EXPECT_EQ(f.read_attr_strings("/", "latents_names"),
            (std::vector<std::string>{"color", "shape", "scale", "orientation", "posX", "posY"}));
  EXPECT_EQ(f.read_attr_ints("/", "latents_sizes"),
            (std::vector<std::int64_t>{1, 3, 6, 40, 32, 32}));
  auto classes = f.dataset("latents/classes").read<std::int64_t>();
  auto values = f.dataset("latents/values").read<double>();
  auto imgs = f.dataset("imgs").read<std::uint8_t>();
  auto grid = ds::factors();
  std::uint8_t mask[4096];
  for (std::int64_t i = 0; i < n; ++i) {
    EXPECT_EQ(ds::flat_index(&classes[i * 6]), rows[i]);
    for (int k = 0; k < 6; ++k) EXPECT_EQ(values[i * 6 + k], grid[k].values[classes[i * 6 + k]]);
    ds::render_mask(&classes[i * 6], mask);
    ASSERT_EQ(0, std::memcmp(mask, &imgs[i * 4096], 4096)) << "row " << i;
  }
  for (auto p : imgs) ASSERT_LE(p, 1);
}

TEST(DspritesFile, SameSeedSameBytes) {
  test::TempDir tmp;
  DspritesConfig cfg;
  cfg.variant = "color";
  cfg.seed = 5;
  write_dsprites_rows(cfg, some_rows(), tmp.file("a.h5"), false);
  write_dsprites_rows(cfg, some_rows(), tmp.file("b.h5"), false);
  EXPECT_EQ(test::slurp(tmp.file("a.h5")), test::slurp(tmp.file("b.h5")));
  cfg.seed = 6;
  write_dsprites_rows(cfg, some_rows(), tmp.file("c.h5"), false);
  EXPECT_NE(test::slurp(tmp.file("a.h5")), test::slurp(tmp.file("c.h5")));
}

TEST(DspritesFile, ReaderRoundTripAndOracleAgree) {
  test::TempDir tmp;
  DspritesConfig cfg;
  cfg.variant = "noisy";
  cfg.seed = 3;
  auto rows = some_rows();
  write_dsprites_rows(cfg, rows, tmp.file("d.h5"), false);
  auto d = open_dataset(tmp.file("d.h5"));
  EXPECT_EQ(d->name(), "dsprites_noisy");
  EXPECT_EQ(d->size(), static_cast<std::int64_t>(rows.size()));
  EXPECT_EQ(d->channels(), 3);
  EXPECT_FLOAT_EQ(d->pixel_scale(), 1.0f / 255.0f);
  // The oracle renders the same sprite; its noise is redrawn, so compare the sprite pixels (all 255).
  std::vector<std::uint8_t> out(static_cast<std::size_t>(d->image_bytes()));
  Rng rng(1);
  d->render(d->classes() + 6 * 5, 1, rng, out.data());
  std::uint8_t mask[4096];
  ds::render_mask(d->classes() + 6 * 5, mask);
  for (int p = 0; p < 4096; ++p)
    if (mask[p]) ASSERT_EQ(out[p * 3], 255);
  for (int p = 0; p < 4096 * 3; ++p)
    if (mask[p / 3]) ASSERT_EQ(test::image_of(*d, 5)[p], 255);
}

TEST(DspritesFile, ErrorPaths) {
  test::TempDir tmp;
  auto rows = some_rows();
  // Missing output directory; existing output without force; no partial left behind.
  EXPECT_THROW(write_dsprites_rows(DspritesConfig{}, rows, tmp.file("nodir/d.h5"), false),
               DataError);
  write_dsprites_rows(DspritesConfig{}, rows, tmp.file("d.h5"), false);
  EXPECT_THROW(write_dsprites_rows(DspritesConfig{}, rows, tmp.file("d.h5"), false), ConfigError);
  EXPECT_FALSE(std::filesystem::exists(tmp.file("d.h5.partial")));
  // Unknown variant, bad weights.
  DspritesConfig bad;
  bad.variant = "sepia";
  EXPECT_THROW(write_dsprites_rows(bad, rows, tmp.file("e.h5"), false), ConfigError);
  bad.variant = "imbalanced";
  bad.shape_weights = {0.5, -0.1, 0.6};
  EXPECT_THROW(write_dsprites_rows(bad, rows, tmp.file("e.h5"), false), ConfigError);
  bad.shape_weights = {0.5, 0.5};
  EXPECT_THROW(write_dsprites_rows(bad, rows, tmp.file("e.h5"), false), ConfigError);
  EXPECT_FALSE(std::filesystem::exists(tmp.file("e.h5")));
  // Truncated and foreign files given to the reader.
  auto bytes = test::slurp(tmp.file("d.h5"));
  std::ofstream(tmp.file("cut.h5"), std::ios::binary) << bytes.substr(0, bytes.size() * 2 / 3);
  EXPECT_THROW(open_dataset(tmp.file("cut.h5")), DataError);
  {
    auto f = h5::File::create(tmp.file("foreign.h5"));
    f.create_dataset("/imgs", h5::Type::kF32, {2, 64, 64}).write(std::vector<float>(2 * 4096));
    f.create_dataset("/latents/classes", h5::Type::kI64, {2, 6})
        .write(std::vector<std::int64_t>(12));
    f.close();
  }
  try {
    open_dataset(tmp.file("foreign.h5"));
    FAIL();
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("foreign.h5: /imgs: expected uint8"), std::string::npos)
        << e.what();
  }
  {
    auto f = h5::File::create(tmp.file("other.h5"));
    f.create_dataset("/x", h5::Type::kF32, {2}).write(std::vector<float>(2));
    f.close();
  }
  EXPECT_THROW(open_dataset(tmp.file("other.h5")), DataError);
  EXPECT_THROW(open_dataset(tmp.file("missing.h5")), DataError);
  EXPECT_THROW(open_dataset("dsprite"), UnknownName);
}

TEST(DspritesFile, ImbalancedSubsetFollowsPrior) {
  auto idx = imbalanced_indices({0.7, 0.2, 0.1}, 0);
  std::int64_t per[3] = {0, 0, 0};
  for (auto i : idx) per[i / 245760]++;
  EXPECT_EQ(per[0], 245760);
  EXPECT_EQ(per[1], 70217);  // round(245760 * 0.2 / 0.7)
  EXPECT_EQ(per[2], 35109);
  EXPECT_TRUE(std::is_sorted(idx.begin(), idx.end()));
  EXPECT_EQ(idx, imbalanced_indices({0.7, 0.2, 0.1}, 0));
  EXPECT_NE(idx, imbalanced_indices({0.7, 0.2, 0.1}, 1));
}

}  // namespace
}  // namespace fb::data
