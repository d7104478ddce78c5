#include "datagen/dsprites_generate.h"

#include <zlib.h>

#include <chrono>
#include <filesystem>
#include <numeric>

#include "core/atomic_output.h"
#include "core/hdf5.h"
#include "core/progress.h"
#include "core/provenance.h"
#include "core/threads.h"
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

GenerateReport generate_dsprites(const DspritesConfig& config, const std::string& out, bool force) {
  config.validate("dsprites");
  std::vector<std::int64_t> rows;
  if (config.variant == "imbalanced") {
    rows = imbalanced_indices(config.shape_weights, config.seed);
  } else {
    rows.resize(ds::kNumImages);
    std::iota(rows.begin(), rows.end(), 0);
  }
  return write_dsprites_rows(config, rows, out, force);
}

GenerateReport write_dsprites_rows(const DspritesConfig& config, const std::vector<std::int64_t>& rows,
                                   const std::string& out, bool force) {
  config.validate("dsprites");
  const auto start = std::chrono::steady_clock::now();
  AtomicOutput output(out, force);
  DspritesVariant variant(config);
  const auto n = static_cast<std::int64_t>(rows.size());
  const int channels = variant.channels();
  const std::int64_t image_bytes = std::int64_t{ds::kSize} * ds::kSize * channels;

  auto file = h5::File::create(output.partial());
  std::vector<std::int64_t> dims{n, ds::kSize, ds::kSize}, chunk{kChunkRows, ds::kSize, ds::kSize};
  if (channels == 3) {
    dims.push_back(3);
    chunk.push_back(3);
  }
  auto imgs = file.create_dataset("/imgs", h5::Type::kU8, dims, {chunk, kGzipLevel});

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

  // Images: blocks of chunks rendered and deflated on all threads, then written in order.
  const std::int64_t nchunks = (n + kChunkRows - 1) / kChunkRows;
  const std::int64_t block = 16 * std::max(1, configured_threads());
  const std::size_t chunk_bytes = static_cast<std::size_t>(kChunkRows * image_bytes);
  std::vector<std::vector<std::uint8_t>> packed(static_cast<std::size_t>(block));
  Progress progress("dsprites", n, "images", false);
  for (std::int64_t first = 0; first < nchunks; first += block) {
    const std::int64_t count = std::min(block, nchunks - first);
    bool ok = true;
    parallel_for(count, [&](std::int64_t b, std::int64_t e) {
      std::vector<std::uint8_t> raw(chunk_bytes);
      std::uint8_t mask[ds::kSize * ds::kSize];
      for (std::int64_t c = b; c < e; ++c) {
        const std::int64_t row0 = (first + c) * kChunkRows;
        std::fill(raw.begin(), raw.end(), 0);  // an edge chunk is padded with the fill value
        for (std::int64_t r = 0; r < kChunkRows && row0 + r < n; ++r) {
          const std::int64_t i = row0 + r;
          ds::render_mask(&classes[i * ds::kNumFactors], mask);
          Rng rng = variant.image_rng(rows[i]);
          variant.apply(mask, rng, raw.data() + r * image_bytes);
        }
        // compress2 at the dataset's level is exactly what HDF5's deflate filter produces.
        uLongf size = compressBound(static_cast<uLong>(chunk_bytes));
        auto& dst = packed[static_cast<std::size_t>(c)];
        dst.resize(size);
        if (compress2(dst.data(), &size, raw.data(), static_cast<uLong>(chunk_bytes), kGzipLevel) != Z_OK) ok = false;
        dst.resize(size);
      }
    });
    if (!ok) throw Error("dsprites: zlib compression failed");
    for (std::int64_t c = 0; c < count; ++c) {
      std::vector<std::int64_t> offset(dims.size(), 0);
      offset[0] = (first + c) * kChunkRows;
      imgs.write_chunk(offset, packed[c].data(), packed[c].size());
    }
    progress.update(std::min(n, (first + count) * kChunkRows));
  }
  progress.finish();

  h5::Layout label_layout{{16384, ds::kNumFactors}, kGzipLevel};
  file.create_dataset("/latents/classes", h5::Type::kI64, {n, ds::kNumFactors}, label_layout).write(classes);
  file.create_dataset("/latents/values", h5::Type::kF64, {n, ds::kNumFactors}, label_layout).write(values);
  if (config.variant == "imbalanced" || n != ds::kNumImages)
    file.create_dataset("/indices", h5::Type::kI64, {n}, {{16384}, kGzipLevel}).write(rows);
  write_metadata(file, config);
  file.close();
  output.commit();

  GenerateReport report;
  report.images = n;
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  report.bytes = static_cast<std::int64_t>(std::filesystem::file_size(out));
  return report;
}

}  // namespace fb::data
