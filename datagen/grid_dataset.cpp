#include "datagen/grid_dataset.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <sstream>

#include "core/hdf5.h"
#include "core/threads.h"

namespace fb::data {

void GridOpenConfig::validate(const std::string& where) const {
  require(seed >= 0, where + ".seed", "must be >= 0", std::to_string(seed));
  require(count >= 0, where + ".count", "must be >= 0", std::to_string(count));
  require(resolution == 64 || resolution == 128, where + ".resolution", "must be 64 or 128",
          std::to_string(resolution));
}

GridDataset::GridDataset(std::shared_ptr<const GridScene> scene) : scene_(std::move(scene)) {
  factors_ = scene_->factors();
  height_ = width_ = scene_->resolution();
  channels_ = 3;
  pixel_scale_ = 1.0f / 255.0f;
}

void GridDataset::render(const std::int64_t* classes, std::int64_t n, Rng&,
                         std::uint8_t* out) const {
  const int k = num_factors();
  if (lookup_) {
    for (std::int64_t i = 0; i < n; ++i)
      std::memcpy(out + i * image_bytes(), held_image(scene_->flat_index(classes + i * k)),
                  static_cast<std::size_t>(image_bytes()));
    return;
  }
  SceneTarget target = scene_->make_target();
  for (std::int64_t i = 0; i < n; ++i)
    scene_->render(classes + i * k, target, out + i * image_bytes());
}

std::vector<std::int64_t> select_grid_rows(const GridScene& scene, const std::string& subset,
                                           std::int64_t count, std::int64_t seed,
                                           const std::string& where) {
  const int k = scene.num_factors();
  std::vector<std::int64_t> lo(k, 0), hi(k);
  for (int f = 0; f < k; ++f) hi[f] = scene.factors()[f].size();
  std::stringstream items(subset);
  std::string item;
  while (std::getline(items, item, ',')) {
    if (item.empty()) continue;
    const auto eq = item.find('=');
    std::string names;
    int f = -1;
    for (int j = 0; j < k; ++j) {
      names += (j ? ", " : "") + scene.factors()[j].name;
      if (eq != std::string::npos && item.substr(0, eq) == scene.factors()[j].name) f = j;
    }
    require(f >= 0, where + ".subset",
            "each item must be FACTOR=a or FACTOR=a:b with FACTOR one of " + names,
            "'" + item + "'");
    const std::string range = item.substr(eq + 1);
    const auto colon = range.find(':');
    std::int64_t a = -1, b = -1;
    try {
      std::size_t used = 0;
      a = std::stoll(range.substr(0, colon), &used);
      b = colon == std::string::npos ? a + 1 : std::stoll(range.substr(colon + 1));
    } catch (const std::exception&) {
      a = b = -1;
    }
    const std::int64_t m = scene.factors()[f].size();
    require(a >= 0 && b > a && b <= m, where + ".subset",
            "classes of " + scene.factors()[f].name +
                " must satisfy 0 <= a < b <= " + std::to_string(m),
            "'" + item + "'");
    lo[f] = a, hi[f] = b;
  }
  std::vector<std::int64_t> rows;
  std::vector<std::int64_t> c(lo);
  for (bool more = true;
       more;) {  // odometer over the box, last factor fastest: rows come out sorted
    rows.push_back(scene.flat_index(c.data()));
    more = false;
    for (int f = k - 1; f >= 0; --f) {
      if (++c[f] < hi[f]) {
        more = true;
        break;
      }
      c[f] = lo[f];
    }
  }
  if (count > 0) {
    require(count <= static_cast<std::int64_t>(rows.size()), where + ".count",
            "must be <= the number of selected grid points (" + std::to_string(rows.size()) + ")",
            std::to_string(count));
    // Partial Fisher-Yates: the first `count` slots become a uniform random subset.
    Rng rng = Rng::derive(static_cast<std::uint64_t>(seed), "grid:subset");
    for (std::int64_t i = 0; i < count; ++i) {
      const auto j =
          i + static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(rows.size() - i)));
      std::swap(rows[i], rows[j]);
    }
    rows.resize(static_cast<std::size_t>(count));
    std::sort(rows.begin(), rows.end());
  }
  return rows;
}

std::unique_ptr<GridDataset> GridDataset::procedural(std::shared_ptr<const GridScene> scene,
                                                     std::int64_t count, std::int64_t seed) {
  std::unique_ptr<GridDataset> d(new GridDataset(std::move(scene)));
  const auto rows = select_grid_rows(*d->scene_, "", count, seed, d->scene_->name());
  const int k = d->num_factors();
  d->classes_.resize(rows.size() * k);
  for (std::size_t i = 0; i < rows.size(); ++i) d->scene_->classes_of(rows[i], &d->classes_[i * k]);
  d->images_.resize(rows.size() * static_cast<std::size_t>(d->image_bytes()));
  parallel_for(static_cast<std::int64_t>(rows.size()), [&](std::int64_t b, std::int64_t e) {
    SceneTarget target = d->scene_->make_target();
    for (std::int64_t i = b; i < e; ++i)
      d->scene_->render(&d->classes_[i * k], target, d->images_.data() + i * d->image_bytes());
  });
  return d;
}

std::unique_ptr<GridDataset> GridDataset::from_file(const std::string& path) {
  auto file = h5::File::open(path);
  const bool ours = file.has_attr("/", "dataset");
  const std::string name = ours ? file.read_attr_string("/", "dataset") : "shapes3d";
  auto imgs = file.dataset("images");
  imgs.expect(h5::Type::kU8, {-1, -1, -1, 3});
  const auto dims = imgs.dims();
  const std::int64_t n = dims[0];
  if (dims[1] != dims[2] || (dims[1] != 64 && dims[1] != 128))
    throw DataError(path + ": /images: expected 64x64 or 128x128 images");
  std::unique_ptr<GridDataset> d(new GridDataset(make_grid_scene(name, static_cast<int>(dims[1]))));
  const int k = d->num_factors();
  const std::string where = path + ": /labels";
  if (file.has("/labels/classes")) {
    auto classes = file.dataset("labels/classes");
    classes.expect(h5::Type::kI64, {n, k});
    d->classes_ = classes.read<std::int64_t>();
  } else {
    // 3dshapes layout: values only. Class = rank of the value among the column's grid values; the
    // official release's values are unconfirmed, so when a column holds exactly the grid's number of
    // distinct values they become that factor's values.
    auto labels = file.dataset("labels");
    labels.expect(h5::Type::kF64, {n, k});
    const auto values = labels.read<double>();
    d->classes_.resize(values.size());
    for (int f = 0; f < k; ++f) {
      std::vector<double> column(static_cast<std::size_t>(n));
      for (std::int64_t i = 0; i < n; ++i) column[i] = values[i * k + f];
      std::sort(column.begin(), column.end());
      column.erase(std::unique(column.begin(), column.end()), column.end());
      auto& grid = d->factors_[f].values;
      if (static_cast<std::int64_t>(column.size()) == d->factors_[f].size()) grid = column;
      for (std::int64_t i = 0; i < n; ++i) {
        const double v = values[i * k + f];
        std::int64_t best = 0;
        for (std::int64_t c = 1; c < static_cast<std::int64_t>(grid.size()); ++c)
          if (std::fabs(grid[c] - v) < std::fabs(grid[best] - v)) best = c;
        if (std::fabs(grid[best] - v) > 1e-6 * (1 + std::fabs(v)))
          throw DataError(where + ": row " + std::to_string(i) + " column " + std::to_string(f) +
                          " value " + std::to_string(v) + " is not on the " + d->factors_[f].name +
                          " grid");
        d->classes_[i * k + f] = best;
      }
    }
  }
  for (std::size_t i = 0; i < d->classes_.size(); ++i) {
    const std::int64_t c = d->classes_[i], m = d->factors_[i % k].size();
    if (c < 0 || c >= m)
      throw DataError(where + ": row " + std::to_string(i / k) + " column " +
                      std::to_string(i % k) + " is " + std::to_string(c) + ", outside [0, " +
                      std::to_string(m) + ")");
  }
  d->images_.resize(static_cast<std::size_t>(n * d->image_bytes()));
  imgs.read_all_u8_parallel(d->images_.data());
  // A foreign file holding the whole grid in order (the official 3dshapes.h5): the oracle returns its
  // images, so metrics sample the released pixels rather than our approximation of the scene.
  d->lookup_ = !ours && n == d->scene_->grid_size();
  for (std::int64_t i = 0; d->lookup_ && i < n; i += 997)
    d->lookup_ = d->scene_->flat_index(d->classes_.data() + i * k) == i;
  return d;
}

}  // namespace fb::data
