// Walk of the grid scenes through their registry: every registered scene is a consistent factor grid
// whose every factor changes the image, and registering it also registered its dataset.
#include <gtest/gtest.h>

#include "core/error.h"
#include "datagen/dataset.h"
#include "datagen/grid_scene.h"

namespace fb::data {
namespace {

TEST(GridSceneRegistry, EverySceneIsAConsistentGridWhoseFactorsEachChangeTheImage) {
  ASSERT_FALSE(grid_scene_registry().names().empty());
  for (const auto& name : grid_scene_registry().names()) {
    SCOPED_TRACE(name);
    const auto s = make_grid_scene(name, 64);
    EXPECT_EQ(s->name(), name);
    EXPECT_EQ(s->resolution(), 64);
    ASSERT_GE(s->num_factors(), 1);
    std::int64_t total = 1;
    for (const auto& f : s->factors()) total *= f.size();
    EXPECT_EQ(s->grid_size(), total);
    std::vector<std::int64_t> c(static_cast<std::size_t>(s->num_factors()));
    for (std::int64_t index : {std::int64_t{0}, total / 3, total - 1}) {
      s->classes_of(index, c.data());
      EXPECT_EQ(s->flat_index(c.data()), index);
    }

    auto target = s->make_target();
    std::vector<std::int64_t> base(c.size());
    for (std::size_t k = 0; k < base.size(); ++k) base[k] = s->factors()[k].size() / 2;
    std::vector<std::uint8_t> a(64 * 64 * 3), b(a.size());
    s->render(base.data(), target, a.data());
    s->render(base.data(), target, b.data());
    EXPECT_EQ(a, b);
    for (std::size_t k = 0; k < base.size(); ++k) {
      if (s->factors()[k].size() == 1) continue;
      auto other = base;
      other[k] = (other[k] + 1) % s->factors()[k].size();
      s->render(other.data(), target, b.data());
      EXPECT_NE(a, b) << s->factors()[k].name;
    }

    try {
      EXPECT_EQ(make_grid_scene(name, 128)->resolution(), 128);
    } catch (const ConfigError&) {  // a scene may offer 64 only (3dshapes)
    }
    EXPECT_THROW(make_grid_scene(name, 96), ConfigError);

    ASSERT_TRUE(dataset_registry().contains(name));
    const auto& entry = dataset_registry().get(name);
    EXPECT_TRUE(static_cast<bool>(entry.make.generate));
    EXPECT_EQ(entry.make.writes.find("/labels/classes") != std::string::npos,
              s->layout() == GridLayout::kClasses)
        << entry.make.writes;
  }
}

TEST(GridSceneRegistry, AnUnknownSceneSuggestsTheNearest) {
  try {
    make_grid_scene("mpi3e", 64);
    FAIL();
  } catch (const UnknownName& e) {
    EXPECT_NE(std::string(e.what()).find("did you mean 'mpi3d'"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace fb::data
