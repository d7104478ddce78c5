#include "datagen/grid_scene.h"

#include "core/error.h"

namespace fb::data {

SceneTarget::SceneTarget(int resolution, int supersample, int shadow_size)
    : target(resolution, resolution, supersample), shadow(shadow_size, 1, 2e-3f) {}

std::int64_t GridScene::grid_size() const {
  std::int64_t n = 1;
  for (const auto& f : factors_) n *= f.size();
  return n;
}

std::int64_t GridScene::flat_index(const std::int64_t* classes) const {
  std::int64_t index = 0;
  for (int k = 0; k < num_factors(); ++k) index = index * factors_[k].size() + classes[k];
  return index;
}

void GridScene::classes_of(std::int64_t index, std::int64_t* classes) const {
  for (int k = num_factors() - 1; k >= 0; --k) {
    classes[k] = index % factors_[k].size();
    index /= factors_[k].size();
  }
}

}  // namespace fb::data
