#include "datagen/mnist.h"

#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <numeric>

#include "core/error.h"
#include "datagen/file_reader.h"
#include "datagen/mnist_splits.h"

namespace fb::data {

namespace {

constexpr int kSide = 28;

// zlib's gzread reads gzipped and plain files alike (a file without the gzip header is passed
// through), so one path serves both forms.
std::vector<std::uint8_t> read_all(const std::string& path) {
  gzFile f = gzopen(path.c_str(), "rb");
  if (f == nullptr) throw DataError(path + ": cannot open");
  std::vector<std::uint8_t> out;
  std::uint8_t buf[1 << 16];
  int got;
  while ((got = gzread(f, buf, sizeof buf)) > 0) out.insert(out.end(), buf, buf + got);
  const bool failed = got < 0;
  gzclose(f);
  if (failed) throw DataError(path + ": read error (corrupt gzip stream?)");
  return out;
}

std::uint32_t big_endian(const std::uint8_t* p) {
  return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) |
         p[3];
}

struct Part {
  std::vector<std::uint8_t> images;  // [n,28,28]
  std::vector<std::int64_t> labels;  // [n]
};

Part read_part(const std::string& dir, const std::string& prefix) {
  const std::string image_file = find_idx(dir, prefix + "-images-idx3-ubyte");
  const std::string label_file = find_idx(dir, prefix + "-labels-idx1-ubyte");
  IdxArray images = read_idx(image_file), labels = read_idx(label_file);
  if (images.dims.size() != 3 || images.dims[1] != kSide || images.dims[2] != kSide)
    throw DataError(image_file + ": expected [N,28,28] images");
  if (labels.dims.size() != 1 || labels.dims[0] != images.dims[0])
    throw DataError(label_file + ": expected one label per image of " + image_file);
  Part part;
  part.images = std::move(images.data);
  for (std::uint8_t l : labels.data) {
    if (l > 9) throw DataError(label_file + ": label " + std::to_string(l) + " outside 0..9");
    part.labels.push_back(l);
  }
  return part;
}

// k of `from` without replacement (a partial Fisher–Yates shuffle), in draw order.
std::vector<std::int64_t> draw(std::vector<std::int64_t> from, std::int64_t k, Rng& rng) {
  for (std::int64_t i = 0; i < k; ++i) {
    const auto j =
        i + static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(from.size() - i)));
    std::swap(from[i], from[j]);
  }
  from.resize(static_cast<std::size_t>(k));
  return from;
}

}  // namespace

IdxArray read_idx(const std::string& path) {
  const std::vector<std::uint8_t> bytes = read_all(path);
  if (bytes.size() < 4 || bytes[0] != 0 || bytes[1] != 0 || bytes[2] != 0x08)
    throw DataError(path + ": not an unsigned-byte IDX file (magic 0x0008..)");
  const int rank = bytes[3];
  if (rank < 1 || bytes.size() < 4 + 4 * static_cast<std::size_t>(rank))
    throw DataError(path + ": truncated IDX header");
  IdxArray out;
  std::size_t total = 1;
  for (int r = 0; r < rank; ++r) {
    out.dims.push_back(big_endian(bytes.data() + 4 + 4 * r));
    total *= static_cast<std::size_t>(out.dims.back());
  }
  const std::size_t offset = 4 + 4 * static_cast<std::size_t>(rank);
  if (bytes.size() - offset < total)
    throw DataError(path + ": holds " + std::to_string(bytes.size() - offset) + " of " +
                    std::to_string(total) + " payload bytes");
  out.data.assign(bytes.begin() + static_cast<std::ptrdiff_t>(offset),
                  bytes.begin() + static_cast<std::ptrdiff_t>(offset + total));
  return out;
}

std::string find_idx(const std::string& dir, const std::string& name) {
  namespace fs = std::filesystem;
  const std::string plain = (fs::path(dir) / name).string();
  if (fs::exists(plain)) return plain;
  if (fs::exists(plain + ".gz")) return plain + ".gz";
  throw DataError(dir + ": has neither " + name + " nor " + name +
                  ".gz (MNIST is never downloaded: "
                  "put the four IDX files there)");
}

void MnistConfig::validate(const std::string& where) const {
  require(!path.empty(), where + ".path", "must name the directory holding the MNIST IDX files",
          "''");
  require(subset == "train" || subset == "test" || subset == "all" || subset == "imbalanced",
          where + ".subset", "must be train, test, all or imbalanced", "'" + subset + "'");
  require(split >= 0 && split < kMnistSplits, where + ".split", "must be in 0..49",
          std::to_string(split));
  require(split_scale > 0 && split_scale <= 1, where + ".split_scale", "must be in (0, 1]",
          format_number(split_scale));
  require(count >= 0, where + ".count", "must be >= 0", std::to_string(count));
}

MnistDataset::MnistDataset(const MnistConfig& c) {
  factors_ = {{"digit", {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}}};
  height_ = width_ = kSide;
  channels_ = 1;
  pixel_scale_ = 1.0f / 255.0f;
  Part all;
  for (const char* prefix : {"train", "t10k"}) {
    if ((c.subset == "train" && std::string(prefix) == "t10k") ||
        (c.subset == "test" && std::string(prefix) == "train"))
      continue;
    Part p = read_part(c.path, prefix);
    all.images.insert(all.images.end(), p.images.begin(), p.images.end());
    all.labels.insert(all.labels.end(), p.labels.begin(), p.labels.end());
  }
  std::vector<std::int64_t> keep(all.labels.size());
  std::iota(keep.begin(), keep.end(), 0);
  if (c.subset == "imbalanced") {
    // create_mnist.py: digit d keeps int(count_d) images sampled without replacement from the
    // train+test images of that digit, then the split is shuffled.
    Rng rng =
        Rng::derive(static_cast<std::uint64_t>(c.seed), "mnist-split-" + std::to_string(c.split));
    std::vector<std::int64_t> chosen;
    for (int d = 0; d < 10; ++d) {
      std::vector<std::int64_t> of_digit;
      for (std::size_t i = 0; i < all.labels.size(); ++i)
        if (all.labels[i] == d) of_digit.push_back(static_cast<std::int64_t>(i));
      const auto k = static_cast<std::int64_t>(c.split_scale * kElasticInfoGanSplits[c.split][d]);
      if (k > static_cast<std::int64_t>(of_digit.size()))
        throw DataError(c.path + ": split " + std::to_string(c.split) + " needs " +
                        std::to_string(k) + " images of digit " + std::to_string(d) +
                        ", the files hold " + std::to_string(of_digit.size()));
      for (std::int64_t i : draw(of_digit, k, rng)) chosen.push_back(i);
    }
    keep = draw(chosen, static_cast<std::int64_t>(chosen.size()), rng);
  }
  if (c.count > 0 && c.count < static_cast<std::int64_t>(keep.size())) {
    Rng rng = Rng::derive(static_cast<std::uint64_t>(c.seed), "mnist-count");
    keep = draw(keep, c.count, rng);
  }
  const std::size_t bytes = kSide * kSide;
  images_.resize(keep.size() * bytes);
  classes_.resize(keep.size());
  for (std::size_t i = 0; i < keep.size(); ++i) {
    std::copy_n(all.images.begin() + static_cast<std::ptrdiff_t>(keep[i] * bytes), bytes,
                images_.begin() + static_cast<std::ptrdiff_t>(i * bytes));
    classes_[i] = all.labels[static_cast<std::size_t>(keep[i])];
  }
}

void MnistDataset::render(const std::int64_t*, std::int64_t, Rng&, std::uint8_t*) const {
  throw DataError(
      "mnist: has no ground-truth oracle (only held images); metrics that render "
      "factor vectors cannot run on it");
}

namespace {

// Read from the user's IDX files only: no generator, so `files` is not used.
DatasetFactory mnist_factory() {
  DatasetFactory f;
  f.open = [](const Json& json, const DatasetFiles&) -> std::unique_ptr<Dataset> {
    return std::make_unique<MnistDataset>(parse<MnistConfig>(json, "mnist"));
  };
  f.open_options = describe_fields<MnistConfig>();
  return f;
}

}  // namespace

FB_REGISTER(dataset_registry(),
            {"mnist",
             "MNIST 28x28x1 from IDX files at --dataset-set path=DIR (train/test/all, or one of "
             "Elastic-InfoGAN's 50 imbalanced splits); factor digit; no oracle",
             to_json(MnistConfig{}), mnist_factory()});

// `--dataset DIR` on the folder of IDX files: all 70,000 pictures (train then test), digit the factor.
FB_REGISTER(reader_registry(),
            {"mnist_idx",
             "MNIST folder: train-images-idx3-ubyte and the other three IDX files, plain or .gz",
             Json::object(),
             {[](const FileProbe& p) {
                std::error_code ec;
                const std::string f = p.path() + "/train-images-idx3-ubyte";
                return p.is_directory() && (std::filesystem::is_regular_file(f, ec) ||
                                            std::filesystem::is_regular_file(f + ".gz", ec));
              },
              [](const std::string& path) -> std::unique_ptr<Dataset> {
                MnistConfig config;
                config.path = path;
                return std::make_unique<MnistDataset>(config);
              }}});

}  // namespace fb::data
