// Registers dSprites and its variants as datasets (opened from the cache, generated there on first use)
// and `dsprites` as a generator.
#include <filesystem>
#include <iostream>

#include "core/file_lock.h"
#include "core/paths.h"
#include "datagen/dsprites_generate.h"

namespace fb::data {

namespace {

std::unique_ptr<Dataset> open_dsprites(const std::string& variant, const Json& json) {
  const std::string name = variant == "none" ? "dsprites" : "dsprites_" + variant;
  auto open = parse<DspritesOpenConfig>(json, name);
  DspritesConfig cfg;
  cfg.variant = variant;
  cfg.seed = open.seed;
  cfg.shape_weights = open.shape_weights;
  cfg.texture = open.texture;
  cfg.validate(name);
  if (open.count > 0) return DspritesDataset::procedural(cfg, open.count);

  // One cache file per distinct configuration.
  char tag[17];
  std::snprintf(tag, sizeof tag, "%016llx",
                static_cast<unsigned long long>(hash_name(to_json(cfg).dump())));
  const std::string path = cache_dir() + "/" + name + "-" + tag + ".h5";
  {
    FileLock lock(path + ".lock");
    if (!std::filesystem::exists(path)) {
      std::cerr << "factorbench: generating " << name << " into " << path << " (once)\n";
      generate_dsprites(cfg, path, /*force=*/false);
    }
  }
  return DspritesDataset::from_file(path);
}

Json open_defaults() { return to_json(DspritesOpenConfig{}); }

}  // namespace

FB_REGISTER(dataset_registry(),
            {"dsprites", "dSprites 64x64x1, 737,280 images, 5 factors (+color)", open_defaults(),
             [](const Json& c) { return open_dsprites("none", c); }});
FB_REGISTER(dataset_registry(),
            {"dsprites_color", "dSprites with one random RGB colour per image (64x64x3)",
             open_defaults(), [](const Json& c) { return open_dsprites("color", c); }});
FB_REGISTER(dataset_registry(),
            {"dsprites_noisy", "dSprites, white sprite on uniform noise (64x64x3)", open_defaults(),
             [](const Json& c) { return open_dsprites("noisy", c); }});
FB_REGISTER(dataset_registry(),
            {"dsprites_scream", "dSprites on a recoloured texture crop (64x64x3)", open_defaults(),
             [](const Json& c) { return open_dsprites("scream", c); }});
FB_REGISTER(dataset_registry(),
            {"dsprites_imbalanced", "dSprites subset with a non-uniform shape prior",
             open_defaults(), [](const Json& c) { return open_dsprites("imbalanced", c); }});

FB_REGISTER(generator_registry(),
            {"dsprites",
             "dSprites in the release layout (/imgs, /latents/classes, /latents/values); variants",
             to_json(DspritesConfig{}), [](const GenerateRequest& r) {
               return generate_dsprites(parse<DspritesConfig>(r.config, "dsprites"), r.out,
                                        r.force);
             }});

}  // namespace fb::data
