// Known output of the software rasteriser: a digest (FNV-1a 64) of many rendered images per scene,
// pinned from the renderer as first written. Speed work on datagen/rasteriser3d must keep every byte
// (these are the bytes of the released files). The digests hold for this project's compiler and flags
// (Debian GCC, Release, no -ffast-math / -march); a different toolchain may round differently, in which
// case re-pin deliberately and say so in docs/decisions.md.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <vector>

#include "core/rng.h"
#include "datagen/grid_scene.h"
#include "datagen/teapots.h"

namespace fb::data {
namespace {

struct Digest {
  std::uint64_t h = 1469598103934665603ull;
  void add(const std::uint8_t* p, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 1099511628211ull;
  }
};

std::string hex(std::uint64_t v) {
  char buf[19];
  std::snprintf(buf, sizeof buf, "0x%016llx", static_cast<unsigned long long>(v));
  return buf;
}

// 256 teapots at random latents (all azimuths, elevations and colours) on one renderer.
TEST(RenderDigest, TeapotsBytesUnchanged) {
  Rng rng(20261123);
  const auto latents = teapots::sample_latents(256, rng);
  teapots::Renderer renderer;
  std::vector<std::uint8_t> img(teapots::kSize * teapots::kSize * 3);
  Digest d;
  for (std::size_t i = 0; i < 256; ++i) {
    renderer.render(&latents[i * teapots::kNumFactors], img.data());
    d.add(img.data(), img.size());
  }
  EXPECT_EQ(hex(d.h), "0xac7a505836c3c459");
}

// 24 grid points per procedural scene (Phong, shadow maps, clipping), on one target each.
TEST(RenderDigest, GridScenesBytesUnchanged) {
  const std::vector<std::pair<std::string, std::string>> pinned = {
      {"shapes3d", "0xcb9522643f4e38eb"},
      {"mpi3d", "0x1b2f1b929d3bfefe"},
      {"falcor3d", "0xe2b8ab52f5b198ed"},
      {"isaac3d", "0x2bb8783a799be3b8"}};
  for (const auto& [name, expected] : pinned) {
    SCOPED_TRACE(name);
    const auto scene = make_grid_scene(name, 64);
    auto target = scene->make_target();
    std::vector<std::uint8_t> img(64 * 64 * 3);
    std::vector<std::int64_t> classes(static_cast<std::size_t>(scene->num_factors()));
    Digest d;
    for (std::int64_t i = 0; i < 24; ++i) {
      scene->classes_of((i * 104729) % scene->grid_size(), classes.data());
      scene->render(classes.data(), target, img.data());
      d.add(img.data(), img.size());
    }
    EXPECT_EQ(hex(d.h), expected);
  }
}

// shapes3d keeps a target's shadow map while the shape and scale stay (the full grid varies orientation
// fastest): the first 90 grid points (6 shadow maps) rendered on one target equal each rendered alone.
TEST(RenderDigest, Shapes3dKeptShadowMapGivesTheSameBytes) {
  const auto scene = make_grid_scene("shapes3d", 64);
  auto shared = scene->make_target();
  std::vector<std::uint8_t> kept(64 * 64 * 3), fresh(kept.size());
  std::vector<std::int64_t> classes(static_cast<std::size_t>(scene->num_factors()));
  for (std::int64_t i = 0; i < 90; ++i) {
    scene->classes_of(i, classes.data());
    scene->render(classes.data(), shared, kept.data());
    auto alone = scene->make_target();
    scene->render(classes.data(), alone, fresh.data());
    ASSERT_EQ(kept, fresh) << "grid point " << i;
  }
}

}  // namespace
}  // namespace fb::data
