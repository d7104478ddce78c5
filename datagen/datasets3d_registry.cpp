// Registers the 3D datasets (Teapots and the grid scenes) as datasets, opened from the cache (generated
// there on first use) or rendered in memory with count > 0, and as generators.
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "core/file_lock.h"
#include "core/paths.h"
#include "datagen/grid_dataset.h"
#include "datagen/grid_generate.h"
#include "datagen/teapots.h"

namespace fb::data {

namespace {

// The cache file of a configuration, generated once under a lock shared with concurrent processes.
template <class Generate>
std::string cached(const std::string& name, const Json& config, const Generate& generate) {
  char tag[17];
  std::snprintf(tag, sizeof tag, "%016llx",
                static_cast<unsigned long long>(hash_name(config.dump())));
  const std::string path = cache_dir() + "/" + name + "-" + tag + ".h5";
  FileLock lock(path + ".lock");
  if (!std::filesystem::exists(path)) {
    std::cerr << "factorbench: generating " << name << " into " << path << " (once)\n";
    generate(path);
  }
  return path;
}

std::unique_ptr<Dataset> open_teapots(const Json& json) {
  const auto open = parse<TeapotsOpenConfig>(json, "teapots");
  if (open.count > 0) return TeapotsDataset::procedural(open.seed, open.count, open.bins);
  TeapotsConfig cfg;
  cfg.seed = open.seed;
  const auto path = cached("teapots", to_json(cfg),
                           [&](const std::string& p) { generate_teapots(cfg, p, false); });
  return TeapotsDataset::from_file(path, open.bins);
}

std::unique_ptr<Dataset> open_grid(const std::string& name, const Json& json) {
  const auto open = parse<GridOpenConfig>(json, name);
  const auto scene = make_grid_scene(name, static_cast<int>(open.resolution));
  if (open.count > 0) return GridDataset::procedural(scene, open.count, open.seed);
  GridGenerateConfig cfg;
  cfg.resolution = open.resolution;
  const auto path =
      cached(name, to_json(cfg), [&](const std::string& p) { generate_grid(name, cfg, p, false); });
  return GridDataset::from_file(path);
}

Json grid_defaults() { return to_json(GridOpenConfig{}); }

GenerateReport generate_grid_entry(const std::string& name, const GenerateRequest& r) {
  return generate_grid(name, parse<GridGenerateConfig>(r.config, name), r.out, r.force);
}

}  // namespace

FB_REGISTER(dataset_registry(),
            {"teapots",
             "3D Teapots 64x64x3: Utah teapot, azimuth, elevation, RGB (continuous, binned)",
             to_json(TeapotsOpenConfig{}), open_teapots});
FB_REGISTER(
    dataset_registry(),
    {"shapes3d",
     "3dshapes-like 64x64x3, 480,000 images: floor/wall/object hue, scale, shape, orientation",
     grid_defaults(), [](const Json& c) { return open_grid("shapes3d", c); }});
FB_REGISTER(dataset_registry(),
            {"mpi3d",
             "MPI3D-like 64x64x3 (128 optional), 1,036,800 images, 7 factors (procedural stand-in)",
             grid_defaults(), [](const Json& c) { return open_grid("mpi3d", c); }});
FB_REGISTER(dataset_registry(),
            {"falcor3d",
             "Falcor3D-like 64x64x3 (128 optional), 233,280 images: light and camera position",
             grid_defaults(), [](const Json& c) { return open_grid("falcor3d", c); }});
FB_REGISTER(dataset_registry(),
            {"isaac3d",
             "Isaac3D-like 64x64x3 (128 optional), 737,280 images, 9 factors (procedural stand-in)",
             grid_defaults(), [](const Json& c) { return open_grid("isaac3d", c); }});

FB_REGISTER(
    generator_registry(),
    {"teapots",
     "3D Teapots (/imgs, /latents, /metric/imgs, /metric/labels); 200,000 images by default",
     to_json(TeapotsConfig{}), [](const GenerateRequest& r) {
       return generate_teapots(parse<TeapotsConfig>(r.config, "teapots"), r.out, r.force);
     }});
FB_REGISTER(generator_registry(),
            {"shapes3d", "3dshapes-like in the 3dshapes.h5 layout (/images, /labels)",
             to_json(GridGenerateConfig{}),
             [](const GenerateRequest& r) { return generate_grid_entry("shapes3d", r); }});
FB_REGISTER(generator_registry(), {"mpi3d", "MPI3D-like (/images, /labels/classes, /labels/values)",
                                   to_json(GridGenerateConfig{}), [](const GenerateRequest& r) {
                                     return generate_grid_entry("mpi3d", r);
                                   }});
FB_REGISTER(generator_registry(),
            {"falcor3d", "Falcor3D-like (/images, /labels/classes, /labels/values)",
             to_json(GridGenerateConfig{}),
             [](const GenerateRequest& r) { return generate_grid_entry("falcor3d", r); }});
FB_REGISTER(generator_registry(),
            {"isaac3d", "Isaac3D-like (/images, /labels/classes, /labels/values)",
             to_json(GridGenerateConfig{}),
             [](const GenerateRequest& r) { return generate_grid_entry("isaac3d", r); }});

}  // namespace fb::data
