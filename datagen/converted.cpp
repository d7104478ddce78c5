#include "datagen/converted.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>

#include "core/atomic_output.h"
#include "core/error.h"
#include "core/hdf5.h"
#include "datagen/chunked_writer.h"
#include "datagen/file_reader.h"

namespace fb::data {

namespace {

constexpr std::int64_t kChunkRows = 64;
constexpr int kGzip = 4;

std::string join(const std::vector<Factor>& factors) {
  std::string out;
  for (const auto& f : factors) out += (out.empty() ? "" : ",") + f.name;
  return out;
}

}  // namespace

ConvertReport convert_file(const std::string& src, const std::string& out, bool force,
                           const FileOpenOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  AtomicOutput output(out, force);
  const std::string format = detect_format(src);
  const auto d = open_file(src, options);
  const std::int64_t n = d->size(), k = d->num_factors();
  if (n == 0) throw DataError(src + ": holds no images");
  auto file = h5::File::create(output.partial());
  // Rows go through gather a chunk at a time.
  write_u8_chunked(
      file, "/images", {n, d->height(), d->width(), d->channels()}, kChunkRows, kGzip,
      [&](std::int64_t first, std::int64_t count, std::uint8_t* dst) {
        d->gather_range(first, count, dst);
      },
      "convert");
  file.create_group("/factors");
  const h5::Layout labels{{std::min<std::int64_t>(n, 16384), k}, kGzip};
  file.create_dataset("/factors/classes", h5::Type::kI64, {n, k}, labels)
      .write_rows(0, n, d->classes());
  std::vector<std::int64_t> sizes = d->factor_sizes();
  std::vector<double> values;
  for (const auto& f : d->factors()) values.insert(values.end(), f.values.begin(), f.values.end());
  file.create_dataset("/factors/sizes", h5::Type::kI64, {k}).write(sizes);
  file.create_dataset("/factors/values", h5::Type::kF64, {static_cast<std::int64_t>(values.size())})
      .write(values);
  file.write_attr("/", "dataset", d->name());
  file.write_attr("/", "factor_names", join(d->factors()));
  file.write_attr("/", "pixel_scale", std::vector<double>{d->pixel_scale()});
  file.write_attr("/", "converted_from", format);
  file.write_attr("/", "source", std::filesystem::absolute(src).string());
  file.close();
  output.commit();
  ConvertReport r;
  r.out = out;
  r.format = format;
  r.images = n;
  r.bytes = std::filesystem::file_size(out);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

std::unique_ptr<ConvertedDataset> ConvertedDataset::from_file(const std::string& path) {
  auto file = h5::File::open(path);
  std::unique_ptr<ConvertedDataset> d(new ConvertedDataset());
  d->name_ = file.read_attr_string("/", "dataset");
  const auto scale = file.read_attr_doubles("/", "pixel_scale");
  if (scale.size() != 1) throw DataError(path + ": pixel_scale: expected one value");
  d->pixel_scale_ = static_cast<float>(scale[0]);
  auto sizes_set = file.dataset("factors/sizes");
  sizes_set.expect(h5::Type::kI64, {-1});
  // The count is read before it sizes anything (fuzz_hdf5 found a file declaring 4e13 factors).
  if (sizes_set.dims()[0] < 1 || sizes_set.dims()[0] > 64)
    throw DataError(path + ": /factors/sizes: " + std::to_string(sizes_set.dims()[0]) +
                    " factors (expected 1..64)");
  const auto sizes = sizes_set.read<std::int64_t>();
  const auto k = static_cast<std::int64_t>(sizes.size());
  std::vector<std::string> names;
  {
    const std::string joined = file.read_attr_string("/", "factor_names");
    std::size_t at = 0;
    for (std::int64_t f = 0; f < k; ++f) {
      const auto comma = joined.find(',', at);
      names.push_back(
          joined.substr(at, comma == std::string::npos ? std::string::npos : comma - at));
      at = comma == std::string::npos ? joined.size() : comma + 1;
    }
  }
  std::int64_t total = 0, grid = 1;
  for (auto s : sizes) {
    if (s < 1 || s > (std::int64_t(1) << 24)) throw DataError(path + ": /factors/sizes: bad size");
    total += s;
    grid *= s;
    if (grid > (std::int64_t(1) << 32)) throw DataError(path + ": /factors/sizes: grid too large");
  }
  auto values_set = file.dataset("factors/values");
  values_set.expect(h5::Type::kF64, {total});
  const auto values = values_set.read<double>();
  for (std::int64_t f = 0, at = 0; f < k; at += sizes[f], ++f)
    d->factors_.push_back({names[f], {values.begin() + at, values.begin() + at + sizes[f]}});
  auto imgs = file.dataset("images");
  imgs.expect(h5::Type::kU8, {-1, -1, -1, -1});
  const auto dims = imgs.dims();
  const std::int64_t n = dims[0];
  // Checked before anything is sized from them (tests/fuzz/fuzz_hdf5 found zero-height images): the
  // oracle's index holds one entry per grid point, and every release holds each point at least once.
  if (dims[1] < 1 || dims[1] > 4096 || dims[2] < 1 || dims[2] > 4096 ||
      (dims[3] != 1 && dims[3] != 3))
    throw DataError(path + ": /images: pictures of " + std::to_string(dims[1]) + "x" +
                    std::to_string(dims[2]) + "x" + std::to_string(dims[3]) +
                    " (expected 1..4096 on each side, 1 or 3 channels)");
  if (grid > std::max<std::int64_t>(n, std::int64_t(1) << 20))
    throw DataError(path + ": /factors/sizes: a grid of " + std::to_string(grid) + " points for " +
                    std::to_string(n) + " images");
  d->height_ = static_cast<int>(dims[1]);
  d->width_ = static_cast<int>(dims[2]);
  d->channels_ = static_cast<int>(dims[3]);
  auto classes = file.dataset("factors/classes");
  classes.expect(h5::Type::kI64, {n, k});
  d->classes_ = classes.read<std::int64_t>();
  // The oracle's index: the held rows of every grid point (counting sort, rows in file order).
  d->first_.assign(static_cast<std::size_t>(grid + 1), 0);
  std::vector<std::int64_t> flat(static_cast<std::size_t>(n));
  for (std::int64_t i = 0; i < n; ++i) {
    for (std::int64_t f = 0; f < k; ++f) {
      const std::int64_t c = d->classes_[i * k + f];
      if (c < 0 || c >= sizes[f])
        throw DataError(path + ": /factors/classes: row " + std::to_string(i) + " column " +
                        std::to_string(f) + " is " + std::to_string(c) + ", outside [0, " +
                        std::to_string(sizes[f]) + ")");
    }
    flat[i] = d->flat_index(&d->classes_[i * k]);
    ++d->first_[flat[i] + 1];
  }
  std::partial_sum(d->first_.begin(), d->first_.end(), d->first_.begin());
  d->rows_.resize(static_cast<std::size_t>(n));
  std::vector<std::int64_t> fill(d->first_.begin(), d->first_.end() - 1);
  for (std::int64_t i = 0; i < n; ++i) d->rows_[fill[flat[i]]++] = i;
  d->images_.resize(static_cast<std::size_t>(n * d->image_bytes()));
  imgs.read_all_u8_parallel(d->images_.data());
  return d;
}

std::int64_t ConvertedDataset::flat_index(const std::int64_t* classes) const {
  std::int64_t index = 0;
  for (const auto& f : factors_) index = index * f.size() + *classes++;
  return index;
}

void ConvertedDataset::render(const std::int64_t* classes, std::int64_t n, Rng& rng,
                              std::uint8_t* out) const {
  const int k = num_factors();
  for (std::int64_t i = 0; i < n; ++i) {
    for (int f = 0; f < k; ++f)
      if (classes[i * k + f] < 0 || classes[i * k + f] >= factors_[f].size())
        throw DataError(name_ + ": class outside the factor grid");
    const std::int64_t g = flat_index(classes + i * k);
    const std::int64_t lo = first_[g], count = first_[g + 1] - lo;
    if (count == 0)
      throw DataError(name_ + ": the converted file holds no image with these classes");
    const std::int64_t row =
        rows_[lo + (count == 1
                        ? 0
                        : static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(count))))];
    std::memcpy(out + i * image_bytes(), held_image(row), static_cast<std::size_t>(image_bytes()));
  }
}

FB_REGISTER(reader_registry(),
            {"converted",
             "factorbench convert's HDF5 (/images + /factors/classes) of any release",
             Json::object(),
             {[](const FileProbe& p) {
                return p.h5_has("/images") && p.h5_has("/factors/classes");
              },
              [](const std::string& path) -> std::unique_ptr<Dataset> {
                return ConvertedDataset::from_file(path);
              }}});

}  // namespace fb::data
