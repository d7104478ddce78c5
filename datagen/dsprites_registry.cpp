// dSprites and its variants in the dataset registry, one entry per variant (opened from the cache,
// generated there on first use, or `count` images rendered in memory), and the reader of the release
// layout.
#include "datagen/dsprites_generate.h"
#include "datagen/file_reader.h"

namespace fb::data {

namespace {

// The name fixes the variant, except that `generate dsprites` keeps the --variant option users know.
DatasetFactory dsprites_factory(const std::string& variant) {
  const std::string name = variant == "none" ? "dsprites" : "dsprites_" + variant;
  DspritesGenerateConfig defaults;
  defaults.dsprites.variant = variant;
  DatasetFactory f;
  f.open = [name, variant](const Json& json,
                           const DatasetFiles& files) -> std::unique_ptr<Dataset> {
    const auto open = parse<DspritesOpenConfig>(json, name);
    DspritesConfig cfg;
    cfg.variant = variant;
    cfg.seed = open.seed;
    cfg.shape_weights = open.shape_weights;
    cfg.texture = open.texture;
    cfg.validate(name);
    if (open.count > 0) return DspritesDataset::procedural(cfg, open.count);
    return DspritesDataset::from_file(files.generated(to_json(cfg)));
  };
  f.open_options = describe_fields<DspritesOpenConfig>();
  f.generate = [name, variant, defaults](const GenerateRequest& r) {
    // The entry's defaults (its variant) under the request's keys; parse reports a non-object.
    Json options = to_json(defaults);
    if (r.config.is_object()) {
      options.update(r.config);
    } else if (!r.config.is_null()) {
      options = r.config;
    }
    const auto cfg = parse<DspritesGenerateConfig>(options, name);
    if (variant != "none")
      require(cfg.dsprites.variant == variant, name + ".variant",
              "is fixed by the name (" + variant + ")", cfg.dsprites.variant);
    return generate_dsprites(cfg, r.out, r.force);
  };
  f.generate_options = describe_fields(defaults);
  f.writes = "the dSprites release layout (/imgs, /latents/classes, /latents/values)";
  if (variant == "none") f.writes += "; --variant writes the variants";
  return f;
}

Json open_defaults() { return to_json(DspritesOpenConfig{}); }

}  // namespace

FB_REGISTER(dataset_registry(), {"dsprites", "dSprites 64x64x1, 737,280 images, 5 factors (+color)",
                                 open_defaults(), dsprites_factory("none")});
FB_REGISTER(dataset_registry(),
            {"dsprites_color", "dSprites with one random RGB colour per image (64x64x3)",
             open_defaults(), dsprites_factory("color")});
FB_REGISTER(dataset_registry(),
            {"dsprites_noisy", "dSprites, white sprite on uniform noise (64x64x3)", open_defaults(),
             dsprites_factory("noisy")});
FB_REGISTER(dataset_registry(),
            {"dsprites_scream", "dSprites on a recoloured texture crop (64x64x3)", open_defaults(),
             dsprites_factory("scream")});
FB_REGISTER(dataset_registry(),
            {"dsprites_imbalanced", "dSprites subset with a non-uniform shape prior",
             open_defaults(), dsprites_factory("imbalanced")});

FB_REGISTER(reader_registry(),
            {"dsprites",
             "dSprites HDF5 (/imgs + /latents/classes), ours or the release",
             Json::object(),
             {[](const FileProbe& p) { return p.h5_has("/imgs") && p.h5_has("/latents/classes"); },
              [](const std::string& path) -> std::unique_ptr<Dataset> {
                return DspritesDataset::from_file(path);
              }}});

}  // namespace fb::data
