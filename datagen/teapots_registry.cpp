// 3D Teapots in the dataset registry (the default file from the cache, generated there on first use,
// or `count` teapots rendered in memory) and the reader of its layout.
#include "datagen/file_reader.h"
#include "datagen/teapots.h"

namespace fb::data {

namespace {

std::unique_ptr<Dataset> open_teapots(const Json& json, const DatasetFiles& files) {
  const auto open = parse<TeapotsOpenConfig>(json, "teapots");
  if (open.count > 0) return TeapotsDataset::procedural(open.seed, open.count, open.bins);
  TeapotsConfig cfg;
  cfg.seed = open.seed;
  return TeapotsDataset::from_file(files.generated(to_json(cfg)), open.bins);
}

DatasetFactory teapots_factory() {
  DatasetFactory f;
  f.open = open_teapots;
  f.open_options = describe_fields<TeapotsOpenConfig>();
  f.generate = [](const GenerateRequest& r) {
    return generate_teapots(parse<TeapotsConfig>(r.config, "teapots"), r.out, r.force);
  };
  f.generate_options = describe_fields<TeapotsConfig>();
  f.writes =
      "3D Teapots (/imgs, /latents, /metric/imgs, /metric/labels); 200,000 images by default";
  return f;
}

}  // namespace

FB_REGISTER(dataset_registry(),
            {"teapots",
             "3D Teapots 64x64x3: Utah teapot, azimuth, elevation, RGB (continuous, binned)",
             to_json(TeapotsOpenConfig{}), teapots_factory()});

// Teapots' /latents is the (N,5) array itself; dSprites' is a group holding /latents/classes.
FB_REGISTER(reader_registry(), {"teapots",
                                "3D Teapots HDF5 (/imgs + a /latents array)",
                                Json::object(),
                                {[](const FileProbe& p) {
                                   return p.h5_has("/imgs") && p.h5_has("/latents") &&
                                          !p.h5_has("/latents/classes");
                                 },
                                 [](const std::string& path) -> std::unique_ptr<Dataset> {
                                   return TeapotsDataset::from_file(path);
                                 }}});

}  // namespace fb::data
