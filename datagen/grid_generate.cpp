#include "datagen/grid_generate.h"

#include <chrono>
#include <filesystem>

#include "core/atomic_output.h"
#include "core/hdf5.h"
#include "core/provenance.h"
#include "datagen/chunked_writer.h"
#include "datagen/grid_dataset.h"

namespace fb::data {

namespace {
constexpr int kGzip = 4;
constexpr std::int64_t kChunkRows = 64;
}  // namespace

void GridGenerateConfig::validate(const std::string& where) const {
  require(seed >= 0, where + ".seed", "must be >= 0", std::to_string(seed));
  require(resolution == 64 || resolution == 128, where + ".resolution", "must be 64 or 128",
          std::to_string(resolution));
  require(count >= 0, where + ".count", "must be >= 0", std::to_string(count));
  require(groups >= 0, where + ".groups", "must be >= 0", std::to_string(groups));
  require(group_size >= 2, where + ".group_size", "must be >= 2", std::to_string(group_size));
}

std::vector<std::int64_t> grid_metric_classes(const std::vector<Factor>& factors,
                                              std::int64_t groups, std::int64_t size, Rng& rng) {
  const auto k = static_cast<std::int64_t>(factors.size());
  std::vector<std::int64_t> out(static_cast<std::size_t>(groups * size * k));
  for (std::int64_t g = 0; g < groups; ++g) {
    std::int64_t* group = out.data() + g * size * k;
    for (std::int64_t i = 0; i < size; ++i)
      for (std::int64_t f = 0; f < k; ++f)
        group[i * k + f] =
            static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(factors[f].size())));
    for (std::int64_t i = 1; i < size; ++i) group[i * k + g % k] = group[g % k];
  }
  return out;
}

GenerateReport generate_grid(const std::string& name, const GridGenerateConfig& config,
                             const std::string& out, bool force) {
  config.validate(name);
  const auto start = std::chrono::steady_clock::now();
  const auto scene = make_grid_scene(name, static_cast<int>(config.resolution));
  const auto rows = select_grid_rows(*scene, config.subset, config.count, config.seed, name);
  AtomicOutput output(out, force);
  const auto n = static_cast<std::int64_t>(rows.size());
  const int k = scene->num_factors();
  const std::int64_t r = scene->resolution(), image_bytes = r * r * 3;

  std::vector<std::int64_t> classes(static_cast<std::size_t>(n * k));
  std::vector<double> values(classes.size());
  for (std::int64_t i = 0; i < n; ++i) {
    scene->classes_of(rows[i], &classes[i * k]);
    for (int f = 0; f < k; ++f) values[i * k + f] = scene->factors()[f].values[classes[i * k + f]];
  }
  // Images of classes rows [first, first+count), rendered with one target per chunk (per thread).
  auto renderer = [&](const std::vector<std::int64_t>& cls) {
    return
        [&cls, &scene, k, image_bytes](std::int64_t first, std::int64_t count, std::uint8_t* dst) {
          SceneTarget target = scene->make_target();
          for (std::int64_t i = 0; i < count; ++i)
            scene->render(&cls[(first + i) * k], target, dst + i * image_bytes);
        };
  };

  auto file = h5::File::create(output.partial());
  write_u8_chunked(file, "/images", {n, r, r, 3}, kChunkRows, kGzip, renderer(classes), name);
  const h5::Layout labels{{16384, k}, kGzip};
  if (scene->layout() == GridLayout::kShapes3d) {
    file.create_dataset("/labels", h5::Type::kF64, {n, k}, labels).write(values);
  } else {
    file.create_group("/labels");
    file.create_dataset("/labels/classes", h5::Type::kI64, {n, k}, labels).write(classes);
    file.create_dataset("/labels/values", h5::Type::kF64, {n, k}, labels).write(values);
  }
  if (n != scene->grid_size())
    file.create_dataset("/indices", h5::Type::kI64, {n}, {{16384}, kGzip}).write(rows);

  if (config.groups > 0) {
    const std::int64_t m = config.groups, l = config.group_size;
    Rng rng = Rng::derive(static_cast<std::uint64_t>(config.seed), name + ":metric");
    const auto metric = grid_metric_classes(scene->factors(), m, l, rng);
    file.create_group("/metric");
    auto render_groups = renderer(metric);
    write_u8_chunked(
        file, "/metric/imgs", {m, l, r, r, 3}, 1, kGzip,
        [&](std::int64_t first, std::int64_t count, std::uint8_t* dst) {
          render_groups(first * l, count * l, dst);
        },
        name + " metric groups");
    std::vector<std::int64_t> group_labels(static_cast<std::size_t>(m));
    for (std::int64_t g = 0; g < m; ++g) group_labels[g] = g % k;
    file.create_dataset("/metric/labels", h5::Type::kI64, {m}).write(group_labels);
    file.create_dataset("/metric/classes", h5::Type::kI64, {m, l, k}, {{1, l, k}, kGzip})
        .write(metric);
  }

  std::vector<std::string> names;
  std::vector<std::int64_t> sizes;
  for (const auto& f : scene->factors()) names.push_back(f.name), sizes.push_back(f.size());
  file.write_attr("/", "dataset", name);
  file.write_attr("/", "factor_names", names);
  file.write_attr("/", "factor_sizes", sizes);
  file.create_group("/factor_values");
  for (const auto& f : scene->factors()) file.write_attr("/factor_values", f.name, f.values);
  file.write_attr("/", "seed", std::vector<std::int64_t>{config.seed});
  file.write_attr("/", "generator", std::string("factorbench ") + factorbench_version());
  file.close();
  output.commit();

  return finish_report(n + config.groups * config.group_size, start, out);
}

}  // namespace fb::data
