#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "core/config.h"
#include "core/hdf5.h"
#include "datagen/teapot_mesh.h"
#include "datagen/teapots.h"
#include "tests/support/dataset_images.h"
#include "tests/support/temp_dir.h"

namespace fb::data {
namespace {

namespace tp = teapots;

TEST(TeapotMesh, ThirtyTwoPatchesWithTheStatedExtent) {
  EXPECT_EQ(r3d::teapot_patch_count(), 32);
  r3d::Vec3 lo, hi;
  r3d::teapot_bounds(&lo, &hi);
  EXPECT_FLOAT_EQ(lo.x, -3.0f);
  EXPECT_FLOAT_EQ(hi.x, 3.525f);
  EXPECT_FLOAT_EQ(lo.z, 0.0f);
  EXPECT_FLOAT_EQ(hi.z, 3.15f);
  EXPECT_FLOAT_EQ(hi.y, 2.0f);
  const auto mesh = r3d::teapot_mesh(4);
  EXPECT_EQ(mesh.positions.size(), 32u * 25u);
  // The body's normals point away from the axis.
  int out = 0, in = 0;
  for (std::size_t i = 0; i < mesh.positions.size(); ++i) {
    const auto& p = mesh.positions[i];
    const float r = std::hypot(p.x, p.y);
    if (r > 1.6f && r < 2.05f && p.z > 0.5f && p.z < 2.0f && std::fabs(p.x) < 1.7f)
      (p.x * mesh.normals[i].x + p.y * mesh.normals[i].y > 0 ? out : in)++;
  }
  EXPECT_GT(out, 20);
  EXPECT_EQ(in, 0);
}

TEST(Teapots, LatentRangesAndMetricGroups) {
  Rng rng(3);
  const auto lat = tp::sample_latents(1000, rng);
  for (std::size_t i = 0; i < lat.size(); ++i) {
    EXPECT_GE(lat[i], 0.0);
    EXPECT_LT(lat[i], tp::kLatentMax[i % 5]);
  }
  Rng mrng(4);
  const auto groups = tp::metric_latents(7, 4, mrng);
  for (int g = 0; g < 7; ++g)
    for (int i = 1; i < 4; ++i) {
      EXPECT_EQ(groups[(g * 4 + i) * 5 + g % 5], groups[(g * 4) * 5 + g % 5]);
      EXPECT_NE(groups[(g * 4 + i) * 5 + (g + 1) % 5], groups[(g * 4) * 5 + (g + 1) % 5]);
    }
}

TEST(Teapots, EachFactorChangesTheImageAndNothingElseDoes) {
  tp::Renderer r;
  const double base[5] = {1.0, 0.6, 0.8, 0.4, 0.2};
  std::vector<std::uint8_t> a(64 * 64 * 3), b(a.size());
  r.render(base, a.data());
  r.render(base, b.data());
  EXPECT_EQ(a, b);
  int white = 0;
  for (auto p : a) white += p == 255;
  EXPECT_GT(white, 64 * 64 * 3 / 3);         // white background
  EXPECT_LT(white, 64 * 64 * 3 * 95 / 100);  // a teapot in front of it
  for (int k = 0; k < 5; ++k) {
    double moved[5];
    std::memcpy(moved, base, sizeof base);
    moved[k] += k < 2 ? 0.3 : 0.15;
    r.render(moved, b.data());
    EXPECT_NE(a, b) << tp::kFactorNames[k];
  }
}

TEST(Teapots, FileLayoutOracleAndDeterminism) {
  test::TempDir tmp;
  TeapotsConfig cfg;
  cfg.count = 10;
  cfg.groups = 6;
  cfg.group_size = 3;
  generate_teapots(cfg, tmp.file("a.h5"), false);
  generate_teapots(cfg, tmp.file("b.h5"), false);
  EXPECT_EQ(test::slurp(tmp.file("a.h5")), test::slurp(tmp.file("b.h5")));

  auto f = h5::File::open(tmp.file("a.h5"));
  f.dataset("imgs").expect(h5::Type::kU8, {10, 64, 64, 3});
  f.dataset("latents").expect(h5::Type::kF64, {10, 5});
  f.dataset("metric/imgs").expect(h5::Type::kU8, {6, 3, 64, 64, 3});
  f.dataset("metric/labels").expect(h5::Type::kI64, {6});
  EXPECT_EQ(f.dataset("metric/labels").read<std::int64_t>(),
            (std::vector<std::int64_t>{0, 1, 2, 3, 4, 0}));
  const auto imgs = f.dataset("imgs").read<std::uint8_t>();
  const auto lat = f.dataset("latents").read<double>();
  const auto metric = f.dataset("metric/imgs").read<std::uint8_t>();
  const auto metric_lat = f.dataset("metric/latents").read<double>();
  // Rows equal the renderer's output for their latents.
  tp::Renderer r;
  std::vector<std::uint8_t> img(64 * 64 * 3);
  for (int i : {0, 9}) {
    r.render(&lat[i * 5], img.data());
    EXPECT_EQ(0, std::memcmp(img.data(), &imgs[i * img.size()], img.size())) << "row " << i;
  }
  r.render(&metric_lat[(5 * 3 + 2) * 5], img.data());
  EXPECT_EQ(0, std::memcmp(img.data(), &metric[(5 * 3 + 2) * img.size()], img.size()));

  // Through the dataset registry's file detection.
  auto d = open_dataset(tmp.file("a.h5"));
  EXPECT_EQ(d->name(), "teapots");
  EXPECT_EQ(d->size(), 10);
  EXPECT_EQ(d->num_factors(), 5);
  EXPECT_FLOAT_EQ(d->pixel_scale(), 1.0f / 255.0f);
  EXPECT_EQ(0, std::memcmp(test::image_of(*d, 3).data(), &imgs[3 * img.size()], img.size()));
  for (int k = 0; k < 5; ++k) {
    const auto c = d->classes()[3 * 5 + k];
    const double width = tp::kLatentMax[k] / 16;
    EXPECT_NEAR(d->factors()[k].values[c], lat[3 * 5 + k], width / 2 + 1e-12);
  }
}

TEST(Teapots, ConfigRejectsUnknownKeys) {
  Json j = {{"resolution", 128}};
  try {
    parse<TeapotsConfig>(j, "teapots");
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("teapots.resolution: unknown key"), std::string::npos)
        << e.what();
  }
  EXPECT_THROW(parse<TeapotsConfig>(Json{{"count", 0}}, "teapots"), ConfigError);
}

TEST(Teapots, ProceduralDatasetMatchesTheOracleAtBinCentres) {
  auto d = TeapotsDataset::procedural(1, 4, 8);
  EXPECT_EQ(d->size(), 4);
  std::vector<std::int64_t> classes = {1, 2, 3, 4, 5};
  std::vector<std::uint8_t> a(64 * 64 * 3), b(a.size());
  Rng rng(0);
  d->render(classes.data(), 1, rng, a.data());
  double lat[5];
  for (int k = 0; k < 5; ++k) lat[k] = (classes[k] + 0.5) * tp::kLatentMax[k] / 8;
  tp::Renderer r;
  r.render(lat, b.data());
  EXPECT_EQ(a, b);
}

}  // namespace
}  // namespace fb::data
