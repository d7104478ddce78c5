#include "datagen/dsprites_generate.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <numeric>

#include "core/atomic_output.h"
#include "core/hdf5.h"
#include "core/provenance.h"
#include "core/threads.h"
#include "datagen/chunked_writer.h"
#include "datagen/dsprites_geometry.h"

namespace fb::data {

namespace ds = dsprites;

namespace {

constexpr int kChunkRows = 64;
constexpr int kGzipLevel = 4;

void write_metadata(h5::File& f, const DspritesConfig& cfg) {
  auto factors = ds::factors();
  std::vector<std::string> names;
  std::vector<std::int64_t> sizes;
  for (const auto& fa : factors) {
    names.push_back(fa.name);
    sizes.push_back(fa.size());
  }
  f.write_attr("/", "latents_names", names);
  f.write_attr("/", "latents_sizes", sizes);
  f.create_group("/latents_possible_values");
  for (const auto& fa : factors) f.write_attr("/latents_possible_values", fa.name, fa.values);
  f.write_attr("/", "variant", cfg.variant);
  f.write_attr("/", "seed", std::vector<std::int64_t>{cfg.seed});
  if (cfg.variant == "imbalanced") f.write_attr("/", "shape_prior", cfg.shape_weights);
  if (cfg.variant == "scream") f.write_attr("/", "texture", cfg.texture);
  f.write_attr("/", "generator", std::string("factorbench ") + factorbench_version());
}

}  // namespace

void DspritesGenerateConfig::validate(const std::string& where) const {
  dsprites.validate(where);
  require(count >= 0, where + ".count", "must be >= 0", std::to_string(count));
}

GenerateReport generate_dsprites(const DspritesGenerateConfig& config, const std::string& out,
                                 bool force) {
  const DspritesConfig& cfg = config.dsprites;
  cfg.validate("dsprites");
  std::vector<std::int64_t> rows;
  if (cfg.variant == "imbalanced") {
    rows = imbalanced_indices(cfg.shape_weights, cfg.seed);
  } else {
    rows.resize(ds::kNumImages);
    std::iota(rows.begin(), rows.end(), 0);
  }
  if (config.count > 0) {
    require(config.count <= static_cast<std::int64_t>(rows.size()), "dsprites.count",
            "must be <= the number of images (" + std::to_string(rows.size()) + ")",
            std::to_string(config.count));
    // Partial Fisher-Yates: the first `count` slots become a uniform random subset.
    Rng rng = Rng::derive(static_cast<std::uint64_t>(cfg.seed), "dsprites:count");
    for (std::int64_t i = 0; i < config.count; ++i) {
      const auto j =
          i + static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(rows.size()) - i));
      std::swap(rows[i], rows[j]);
    }
    rows.resize(static_cast<std::size_t>(config.count));
    std::sort(rows.begin(), rows.end());
  }
  return write_dsprites_rows(cfg, rows, out, force);
}

GenerateReport write_dsprites_rows(const DspritesConfig& config,
                                   const std::vector<std::int64_t>& rows, const std::string& out,
                                   bool force) {
  config.validate("dsprites");
  const auto start = std::chrono::steady_clock::now();
  AtomicOutput output(out, force);
  DspritesVariant variant(config);
  const auto n = static_cast<std::int64_t>(rows.size());
  const int channels = variant.channels();
  const std::int64_t image_bytes = std::int64_t{ds::kSize} * ds::kSize * channels;

  auto file = h5::File::create(output.partial());
  std::vector<std::int64_t> dims{n, ds::kSize, ds::kSize};
  if (channels == 3) dims.push_back(3);

  // Labels: classes from the flat index, values from the factor grids.
  auto factors = ds::factors();
  std::vector<std::int64_t> classes(static_cast<std::size_t>(n) * ds::kNumFactors);
  std::vector<double> values(classes.size());
  parallel_for(n, [&](std::int64_t b, std::int64_t e) {
    for (std::int64_t i = b; i < e; ++i) {
      ds::classes_of(rows[i], &classes[i * ds::kNumFactors]);
      for (int k = 0; k < ds::kNumFactors; ++k)
        values[i * ds::kNumFactors + k] = factors[k].values[classes[i * ds::kNumFactors + k]];
    }
  });

  // Images: rendered and deflated on all threads, chunks written in order.
  write_u8_chunked(
      file, "/imgs", dims, kChunkRows, kGzipLevel,
      [&](std::int64_t first, std::int64_t count, std::uint8_t* out) {
        std::uint8_t mask[ds::kSize * ds::kSize];
        for (std::int64_t r = 0; r < count; ++r) {
          const std::int64_t i = first + r;
          ds::render_mask(&classes[i * ds::kNumFactors], mask);
          Rng rng = variant.image_rng(rows[i]);
          variant.apply(mask, rng, out + r * image_bytes);
        }
      },
      "dsprites");

  h5::Layout label_layout{{16384, ds::kNumFactors}, kGzipLevel};
  file.create_dataset("/latents/classes", h5::Type::kI64, {n, ds::kNumFactors}, label_layout)
      .write(classes);
  file.create_dataset("/latents/values", h5::Type::kF64, {n, ds::kNumFactors}, label_layout)
      .write(values);
  if (config.variant == "imbalanced" || n != ds::kNumImages)
    file.create_dataset("/indices", h5::Type::kI64, {n}, {{16384}, kGzipLevel}).write(rows);
  write_metadata(file, config);
  file.close();
  output.commit();

  return finish_report(n, start, out);
}

}  // namespace fb::data
