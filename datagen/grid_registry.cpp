// The grid scenes' registry, and what registering a scene adds: its dataset (open from the cache or
// in memory, generate its file) and the reader of the grid layouts.
#include "datagen/file_reader.h"
#include "datagen/grid_dataset.h"
#include "datagen/grid_generate.h"

namespace fb::data {

Registry<GridSceneFactory>& grid_scene_registry() {
  static Registry<GridSceneFactory> reg("scene");
  return reg;
}

FB_REGISTER_FAMILY("scenes", grid_scene_registry);

std::shared_ptr<const GridScene> make_grid_scene(const std::string& name, int resolution) {
  if (resolution != 64 && resolution != 128)
    throw ConfigError(name + ": resolution must be 64 or 128 (got " + std::to_string(resolution) +
                      ")");
  return grid_scene_registry().get(name).make(resolution);
}

namespace {

std::unique_ptr<Dataset> open_grid(const std::string& name, const Json& json,
                                   const DatasetFiles& files) {
  const auto open = parse<GridOpenConfig>(json, name);
  const auto scene = make_grid_scene(name, static_cast<int>(open.resolution));
  if (open.count > 0) return GridDataset::procedural(scene, open.count, open.seed);
  GridGenerateConfig cfg;
  cfg.resolution = open.resolution;
  return GridDataset::from_file(files.generated(to_json(cfg)));
}

}  // namespace

bool register_grid_scene(GridSceneRegistration scene, const char* file) {
  const std::string name = scene.name;
  grid_scene_registry().add({name, scene.summary, Json::object(), std::move(scene.make)}, file);
  DatasetFactory f;
  f.open = [name](const Json& json, const DatasetFiles& files) {
    return open_grid(name, json, files);
  };
  f.open_options = describe_fields<GridOpenConfig>();
  f.generate = [name](const GenerateRequest& r) {
    return generate_grid(name, parse<GridGenerateConfig>(r.config, name), r.out, r.force);
  };
  f.generate_options = describe_fields<GridGenerateConfig>();
  f.writes = std::move(scene.writes);
  return dataset_registry().add({name, scene.summary, to_json(GridOpenConfig{}), std::move(f)},
                                file);
}

// 3dshapes.h5 (/labels values, official or ours) and our MPI3D/Falcor3D/Isaac3D (/labels/classes).
FB_REGISTER(reader_registry(),
            {"grid",
             "3D grid HDF5 (/images + /labels): 3dshapes.h5 or our grid scenes' files",
             Json::object(),
             {[](const FileProbe& p) { return p.h5_has("/images") && p.h5_has("/labels"); },
              [](const std::string& path) -> std::unique_ptr<Dataset> {
                return GridDataset::from_file(path);
              }}});

}  // namespace fb::data
