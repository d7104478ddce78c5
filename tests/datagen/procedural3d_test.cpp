#include <gtest/gtest.h>

#include <cstring>

#include "core/config.h"
#include "core/hdf5.h"
#include "datagen/grid_dataset.h"
#include "datagen/grid_generate.h"
#include "tests/support/dataset_images.h"
#include "tests/support/temp_dir.h"

namespace fb::data {
namespace {

struct Expected {
  std::string name;
  std::vector<std::int64_t> sizes;
  std::int64_t total;
  std::vector<std::int64_t> coefficients;  // index strides, docs/protocols.md §1.5
};

const std::vector<Expected>& expected() {
  static const std::vector<Expected> e = {
      {"mpi3d", {6, 6, 2, 3, 3, 40, 40}, 1036800, {172800, 28800, 14400, 4800, 1600, 40, 1}},
      {"falcor3d", {5, 6, 6, 6, 6, 6, 6}, 233280, {46656, 7776, 1296, 216, 36, 6, 1}},
      {"isaac3d",
       {3, 8, 5, 4, 4, 4, 6, 4, 4},
       737280,
       {245760, 30720, 6144, 1536, 384, 96, 16, 4, 1}}};
  return e;
}

TEST(Procedural3d, FactorGridsAndIndexFormulas) {
  for (const auto& e : expected()) {
    SCOPED_TRACE(e.name);
    auto s = make_grid_scene(e.name, 64);
    std::vector<std::int64_t> sizes;
    for (const auto& f : s->factors()) sizes.push_back(f.size());
    ASSERT_EQ(sizes, e.sizes);
    EXPECT_EQ(s->grid_size(), e.total);
    for (std::size_t k = 0; k < e.sizes.size(); ++k) {
      std::vector<std::int64_t> c(e.sizes.size(), 0);
      c[k] = 1;
      EXPECT_EQ(s->flat_index(c.data()), e.coefficients[k]);
      const auto& v = s->factors()[k].values;
      if (e.name == "mpi3d") {
        EXPECT_DOUBLE_EQ(v.back(), static_cast<double>(v.size() - 1));
      } else {
        EXPECT_DOUBLE_EQ(v.front(), 0.0);
        EXPECT_DOUBLE_EQ(v.back(), 1.0);
      }
    }
  }
  EXPECT_EQ(make_grid_scene("isaac3d", 64)->factors()[0].name, "object_shape");
  EXPECT_EQ(make_grid_scene("isaac3d", 64)->factors()[8].name, "wall_color");
}

TEST(Procedural3d, EachFactorChangesTheImageAndNothingElseDoes) {
  for (const auto& e : expected()) {
    SCOPED_TRACE(e.name);
    auto s = make_grid_scene(e.name, 64);
    auto t = s->make_target();
    std::vector<std::int64_t> base(e.sizes.size());
    for (std::size_t k = 0; k < base.size(); ++k) base[k] = e.sizes[k] / 2;
    std::vector<std::uint8_t> a(64 * 64 * 3), b(a.size());
    s->render(base.data(), t, a.data());
    s->render(base.data(), t, b.data());
    EXPECT_EQ(a, b);
    for (std::size_t k = 0; k < base.size(); ++k) {
      auto c = base;
      c[k] = (c[k] + 1) % e.sizes[k];
      s->render(c.data(), t, b.data());
      EXPECT_NE(a, b) << s->factors()[k].name;
    }
  }
}

TEST(Procedural3d, Resolution128) {
  auto s = make_grid_scene("falcor3d", 128);
  auto d = GridDataset::procedural(s, 2, 5);
  EXPECT_EQ(d->height(), 128);
  EXPECT_EQ(d->image_bytes(), 128 * 128 * 3);
  EXPECT_THROW(make_grid_scene("falcor3d", 96), ConfigError);
}

TEST(Procedural3d, FileLayoutSubsetGroupsAndOracle) {
  test::TempDir tmp;
  GridGenerateConfig cfg;
  cfg.subset =
      "object_color=2,object_shape=1:3,background_color=0,horizontal_axis=0:2,vertical_axis=39";
  cfg.groups = 3;
  cfg.group_size = 2;
  generate_grid("mpi3d", cfg, tmp.file("m.h5"), false);
  generate_grid("mpi3d", cfg, tmp.file("m2.h5"), false);
  EXPECT_EQ(test::slurp(tmp.file("m.h5")), test::slurp(tmp.file("m2.h5")));
  const std::int64_t n = 2 * 2 * 3 * 2;
  auto f = h5::File::open(tmp.file("m.h5"));
  f.dataset("images").expect(h5::Type::kU8, {n, 64, 64, 3});
  f.dataset("labels/classes").expect(h5::Type::kI64, {n, 7});
  f.dataset("labels/values").expect(h5::Type::kF64, {n, 7});
  f.dataset("indices").expect(h5::Type::kI64, {n});
  f.dataset("metric/imgs").expect(h5::Type::kU8, {3, 2, 64, 64, 3});
  EXPECT_EQ(f.dataset("metric/labels").read<std::int64_t>(), (std::vector<std::int64_t>{0, 1, 2}));
  EXPECT_EQ(f.read_attr_string("/", "dataset"), "mpi3d");
  const auto classes = f.dataset("labels/classes").read<std::int64_t>();
  const auto rows = f.dataset("indices").read<std::int64_t>();
  EXPECT_EQ(classes[0], 2);
  EXPECT_EQ(classes[6], 39);
  EXPECT_EQ(rows[0], 2 * 172800 + 1 * 28800 + 39);

  auto d = open_dataset(tmp.file("m.h5"));
  EXPECT_EQ(d->name(), "mpi3d");
  ASSERT_EQ(d->size(), n);
  std::vector<std::uint8_t> out(static_cast<std::size_t>(d->image_bytes()));
  Rng rng(0);
  for (std::int64_t i : {std::int64_t{0}, n - 1}) {
    d->render(d->classes() + i * 7, 1, rng, out.data());
    EXPECT_EQ(0, std::memcmp(out.data(), test::image_of(*d, i).data(), out.size())) << "row " << i;
  }
}

TEST(Procedural3d, ConfigErrorsNameTheKey) {
  try {
    parse<GridGenerateConfig>(Json{{"variant", "color"}}, "isaac3d");
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("isaac3d.variant: unknown key"), std::string::npos)
        << e.what();
  }
  auto s = make_grid_scene("isaac3d", 64);
  EXPECT_THROW(select_grid_rows(*s, "robot_z=1", 0, 0, "isaac3d"), ConfigError);
  EXPECT_THROW(select_grid_rows(*s, "robot_x=8", 0, 0, "isaac3d"), ConfigError);
  EXPECT_EQ(select_grid_rows(*s, "object_shape=1,robot_x=0:2", 0, 0, "isaac3d").size(),
            737280u / 3 / 4);
  EXPECT_EQ(select_grid_rows(*s, "", 10, 4, "isaac3d").size(), 10u);
}

}  // namespace
}  // namespace fb::data
