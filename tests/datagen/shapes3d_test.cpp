#include <gtest/gtest.h>

#include <cstring>

#include "core/hdf5.h"
#include "datagen/grid_dataset.h"
#include "datagen/grid_generate.h"
#include "tests/support/dataset_images.h"
#include "tests/support/temp_dir.h"

namespace fb::data {
namespace {

TEST(Shapes3d, FactorGridOrderAndIndex) {
  auto s = make_grid_scene("shapes3d", 64);
  ASSERT_EQ(s->num_factors(), 6);
  const std::vector<std::string> names = {"floor_hue", "wall_hue", "object_hue",
                                          "scale",     "shape",    "orientation"};
  const std::vector<std::int64_t> sizes = {10, 10, 10, 8, 4, 15};
  for (int k = 0; k < 6; ++k) {
    EXPECT_EQ(s->factors()[k].name, names[k]);
    EXPECT_EQ(s->factors()[k].size(), sizes[k]);
  }
  EXPECT_EQ(s->grid_size(), 480000);
  EXPECT_DOUBLE_EQ(s->factors()[0].values[9], 0.9);
  EXPECT_DOUBLE_EQ(s->factors()[3].values[0], 0.75);
  EXPECT_DOUBLE_EQ(s->factors()[3].values[7], 1.25);
  EXPECT_DOUBLE_EQ(s->factors()[5].values[0], -30.0);
  EXPECT_DOUBLE_EQ(s->factors()[5].values[7], 0.0);
  EXPECT_DOUBLE_EQ(s->factors()[5].values[14], 30.0);
  const std::int64_t c[6] = {1, 2, 3, 4, 2, 5};
  EXPECT_EQ(s->flat_index(c), 48000 + 2 * 4800 + 3 * 480 + 4 * 60 + 2 * 15 + 5);
  std::int64_t back[6];
  s->classes_of(479999, back);
  EXPECT_EQ(back[0], 9);
  EXPECT_EQ(back[5], 14);
  EXPECT_THROW(make_grid_scene("shapes3d", 128), ConfigError);
}

TEST(Shapes3d, EachFactorChangesTheImageAndNothingElseDoes) {
  auto s = make_grid_scene("shapes3d", 64);
  auto t = s->make_target();
  const std::int64_t base[6] = {2, 5, 8, 3, 1, 7};
  std::vector<std::uint8_t> a(64 * 64 * 3), b(a.size());
  s->render(base, t, a.data());
  s->render(base, t, b.data());
  EXPECT_EQ(a, b);
  // The sky band at the top is light blue (153, 226, 249).
  EXPECT_NEAR(a[(1 * 64 + 32) * 3 + 2], 249, 2);
  for (int k = 0; k < 6; ++k) {
    std::int64_t c[6];
    std::memcpy(c, base, sizeof c);
    c[k] = (c[k] + 1) % s->factors()[k].size();
    s->render(c, t, b.data());
    EXPECT_NE(a, b) << s->factors()[k].name;
  }
}

TEST(Shapes3d, FileLayoutReaderAndOracle) {
  test::TempDir tmp;
  GridGenerateConfig cfg;
  cfg.subset = "floor_hue=3,wall_hue=4:6";
  cfg.count = 12;
  cfg.groups = 7;
  cfg.group_size = 2;
  generate_grid("shapes3d", cfg, tmp.file("s.h5"), false);
  auto f = h5::File::open(tmp.file("s.h5"));
  f.dataset("images").expect(h5::Type::kU8, {12, 64, 64, 3});
  f.dataset("labels").expect(h5::Type::kF64, {12, 6});
  EXPECT_FALSE(f.has("/labels/classes"));
  const auto labels = f.dataset("labels").read<double>();
  const auto rows = f.dataset("indices").read<std::int64_t>();
  for (int i = 0; i < 12; ++i) {
    EXPECT_DOUBLE_EQ(labels[i * 6], 0.3);
    EXPECT_TRUE(labels[i * 6 + 1] == 0.4 || labels[i * 6 + 1] == 0.5);
    if (i) EXPECT_LT(rows[i - 1], rows[i]);
  }
  f.dataset("metric/imgs").expect(h5::Type::kU8, {7, 2, 64, 64, 3});
  const auto metric_classes = f.dataset("metric/classes").read<std::int64_t>();
  for (int g = 0; g < 7; ++g)
    EXPECT_EQ(metric_classes[(g * 2 + 1) * 6 + g % 6], metric_classes[g * 2 * 6 + g % 6]);

  auto d = open_dataset(tmp.file("s.h5"));
  EXPECT_EQ(d->name(), "shapes3d");
  ASSERT_EQ(d->size(), 12);
  std::vector<std::uint8_t> out(static_cast<std::size_t>(d->image_bytes()));
  Rng rng(0);
  for (int i : {0, 11}) {
    const auto* c = d->classes() + i * 6;
    EXPECT_EQ(c[0], 3);
    d->render(c, 1, rng, out.data());
    EXPECT_EQ(0, std::memcmp(out.data(), test::image_of(*d, i).data(), out.size())) << "row " << i;
  }
}

TEST(Shapes3d, ReadsTheOfficialLayoutWithoutAttributes) {
  // The release has only /images and /labels (values): classes come from the label values.
  test::TempDir tmp;
  auto s = make_grid_scene("shapes3d", 64);
  const std::int64_t c[2][6] = {{0, 1, 2, 3, 0, 0}, {9, 9, 9, 7, 3, 14}};
  std::vector<std::uint8_t> imgs(2 * 64 * 64 * 3);
  std::vector<double> labels;
  auto t = s->make_target();
  for (int i = 0; i < 2; ++i) {
    s->render(c[i], t, imgs.data() + i * 64 * 64 * 3);
    for (int k = 0; k < 6; ++k) labels.push_back(s->factors()[k].values[c[i][k]]);
  }
  {
    auto f = h5::File::create(tmp.file("3dshapes.h5"));
    f.create_dataset("/images", h5::Type::kU8, {2, 64, 64, 3}).write(imgs);
    f.create_dataset("/labels", h5::Type::kF64, {2, 6}).write(labels);
    f.close();
  }
  auto d = open_dataset(tmp.file("3dshapes.h5"));
  EXPECT_EQ(d->name(), "shapes3d");
  for (int i = 0; i < 2; ++i)
    for (int k = 0; k < 6; ++k) EXPECT_EQ(d->classes()[i * 6 + k], c[i][k]);
}

}  // namespace
}  // namespace fb::data
