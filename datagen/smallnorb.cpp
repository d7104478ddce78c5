#include "datagen/smallnorb.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/error.h"
#include "core/image_resize.h"
#include "datagen/file_reader.h"

namespace fb::data {

namespace {

constexpr std::int32_t kByteMagic = 0x1E3D4C55, kIntMagic = 0x1E3D4C54;
constexpr std::int32_t kFloatMagic = 0x1E3D4C51, kDoubleMagic = 0x1E3D4C53;
constexpr int kSide = 64;
// Grid sizes: category, instance, elevation, azimuth (after halving), lighting.
constexpr std::int64_t kGrid[5] = {5, 10, 9, 18, 6};
constexpr std::int64_t kGridSize = 5 * 10 * 9 * 18 * 6;

std::int32_t le32(const unsigned char* p) {
  return static_cast<std::int32_t>(std::uint32_t(p[0]) | (std::uint32_t(p[1]) << 8) |
                                   (std::uint32_t(p[2]) << 16) | (std::uint32_t(p[3]) << 24));
}

std::vector<double> index_values(std::int64_t n) {
  std::vector<double> v;
  for (std::int64_t i = 0; i < n; ++i) v.push_back(static_cast<double>(i));
  return v;
}

}  // namespace

NorbMatrix read_norb_header(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw DataError(path + ": cannot open");
  unsigned char head[8 + 4 * 16];
  in.read(reinterpret_cast<char*>(head), 8);
  if (in.gcount() != 8) throw DataError(path + ": truncated smallNORB header");
  NorbMatrix m;
  m.magic = le32(head);
  int size = 0;
  switch (m.magic) {
    case kByteMagic:
      size = 1;
      break;
    case kIntMagic:
    case kFloatMagic:
      size = 4;
      break;
    case kDoubleMagic:
      size = 8;
      break;
    default:
      throw DataError(path + ": not a smallNORB binary matrix (wrong magic number " +
                      std::to_string(m.magic) + ")");
  }
  const std::int32_t rank = le32(head + 4);
  if (rank < 1 || rank > 16) throw DataError(path + ": bad smallNORB rank " + std::to_string(rank));
  const int stored = std::max(3, rank);  // the format always stores at least three dims
  in.read(reinterpret_cast<char*>(head + 8), 4 * stored);
  if (in.gcount() != 4 * stored) throw DataError(path + ": truncated smallNORB header");
  std::uint64_t count = 1;
  for (int i = 0; i < rank; ++i) {
    const std::int32_t d = le32(head + 8 + 4 * i);
    if (d < 0) throw DataError(path + ": negative smallNORB dimension");
    m.dims.push_back(d);
    count *= static_cast<std::uint64_t>(d);
    if (count > (std::uint64_t(1) << 40)) throw DataError(path + ": smallNORB dims overflow");
  }
  m.data_offset = 8 + 4 * static_cast<std::uint64_t>(stored);
  const std::uint64_t want = m.data_offset + count * size;
  const std::uint64_t have = std::filesystem::file_size(path);
  if (have != want)
    throw DataError(path + ": " + (have < want ? "truncated" : "longer than declared") + " (" +
                    std::to_string(have) + " bytes, its dims declare " + std::to_string(want) +
                    ")");
  return m;
}

std::vector<std::int32_t> read_norb_ints(const std::string& path, NorbMatrix* header) {
  *header = read_norb_header(path);
  if (header->magic != kIntMagic) throw DataError(path + ": expected an int32 smallNORB matrix");
  std::uint64_t count = 1;
  for (auto d : header->dims) count *= static_cast<std::uint64_t>(d);
  std::vector<unsigned char> bytes(count * 4);
  std::ifstream in(path, std::ios::binary);
  in.seekg(static_cast<std::streamoff>(header->data_offset));
  in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (static_cast<std::uint64_t>(in.gcount()) != bytes.size())
    throw DataError(path + ": short read");
  std::vector<std::int32_t> out(count);
  for (std::uint64_t i = 0; i < count; ++i) out[i] = le32(bytes.data() + 4 * i);
  return out;
}

const std::vector<std::string>& SmallNorbDataset::chunks() {
  static const std::vector<std::string> names{"smallnorb-5x46789x9x18x6x2x96x96-training",
                                              "smallnorb-5x01235x9x18x6x2x96x96-testing"};
  return names;
}

bool SmallNorbDataset::looks_like(const std::string& dir) {
  std::error_code ec;
  return std::filesystem::is_regular_file(dir + "/" + chunks()[0] + "-dat.mat", ec);
}

SmallNorbDataset::SmallNorbDataset() {
  factors_ = {{"category", index_values(5)},
              {"elevation", index_values(9)},
              {"azimuth", index_values(18)},
              {"lighting", index_values(6)}};
  height_ = width_ = kSide;
  channels_ = 1;
  pixel_scale_ = 1.0f / 255.0f;
}

std::int64_t SmallNorbDataset::grid_index(const std::int64_t* full) {
  std::int64_t index = 0;
  for (int f = 0; f < 5; ++f) index = index * kGrid[f] + full[f];
  return index;
}

std::unique_ptr<SmallNorbDataset> SmallNorbDataset::open(const std::string& dir) {
  std::unique_ptr<SmallNorbDataset> d(new SmallNorbDataset());
  d->row_of_.assign(kGridSize, -1);
  for (const auto& chunk : chunks()) {
    const std::string base = dir + "/" + chunk;
    const NorbMatrix dat = read_norb_header(base + "-dat.mat");
    if (dat.magic != kByteMagic || dat.dims.size() != 4 || dat.dims[1] != 2)
      throw DataError(base + "-dat.mat: expected uint8 images (N, 2, H, W)");
    const std::int64_t n = dat.dims[0], h = dat.dims[2], w = dat.dims[3];
    // Checked before anything is sized from them: an empty picture cannot be resized, and a half
    // with more images than the grid would size the held images from a hostile count.
    if (h < 1 || w < 1 || h > 4096 || w > 4096)
      throw DataError(base + "-dat.mat: pictures of " + std::to_string(h) + "x" +
                      std::to_string(w) + " (expected 1..4096 on each side)");
    if (n > kGridSize - d->size())
      throw DataError(base + "-dat.mat: " + std::to_string(n) + " images, more than the grid " +
                      "5x10x9x18x6 holds (wrong element count for the grid)");
    NorbMatrix cat_h, info_h;
    const auto cat = read_norb_ints(base + "-cat.mat", &cat_h);
    const auto info = read_norb_ints(base + "-info.mat", &info_h);
    if (cat_h.dims != std::vector<std::int64_t>{n})
      throw DataError(base + "-cat.mat: expected one category per image of -dat.mat (" +
                      std::to_string(n) + ")");
    if (info_h.dims != std::vector<std::int64_t>{n, 4})
      throw DataError(base + "-info.mat: expected (" + std::to_string(n) +
                      ", 4): instance, elevation, azimuth, lighting");
    std::ifstream in(base + "-dat.mat", std::ios::binary);
    in.seekg(static_cast<std::streamoff>(dat.data_offset));
    std::vector<std::uint8_t> pair(static_cast<std::size_t>(2 * h * w));
    const std::int64_t first = d->size();
    d->images_.resize(static_cast<std::size_t>((first + n) * kSide * kSide));
    for (std::int64_t i = 0; i < n; ++i) {
      in.read(reinterpret_cast<char*>(pair.data()), static_cast<std::streamsize>(pair.size()));
      if (static_cast<std::size_t>(in.gcount()) != pair.size())
        throw DataError(base + "-dat.mat: short read");
      // Camera 0 is the left image; disentanglement_lib keeps it alone.
      resize_area(pair.data(), static_cast<int>(h), static_cast<int>(w), 1, kSide, kSide,
                  d->images_.data() + (first + i) * kSide * kSide);
      // Azimuth is stored as 0, 2, ..., 34; disentanglement_lib halves it (integer result).
      const std::int64_t full[5] = {cat[i], info[4 * i], info[4 * i + 1], info[4 * i + 2] / 2,
                                    info[4 * i + 3]};
      for (int f = 0; f < 5; ++f)
        if (full[f] < 0 || full[f] >= kGrid[f])
          throw DataError(base + ": image " + std::to_string(i) + " has factor " +
                          std::to_string(f) + " = " + std::to_string(full[f]) +
                          ", outside the grid 5x10x9x18x6");
      std::int64_t& row = d->row_of_[grid_index(full)];
      if (row >= 0)
        throw DataError(base + ": image " + std::to_string(i) +
                        " repeats a grid point (wrong element count for the grid)");
      row = first + i;
      d->instances_.push_back(full[1]);
      for (int f : {0, 2, 3, 4}) d->classes_.push_back(full[f]);
    }
  }
  if (d->size() != kGridSize)
    throw DataError(dir + ": the two halves hold " + std::to_string(d->size()) +
                    " images, the grid 5x10x9x18x6 needs " + std::to_string(kGridSize) +
                    " (wrong element count for the grid)");
  return d;
}

void SmallNorbDataset::render(const std::int64_t* classes, std::int64_t n, Rng& rng,
                              std::uint8_t* out) const {
  for (std::int64_t i = 0; i < n; ++i) {
    const std::int64_t* c = classes + i * 4;
    const std::int64_t full[5] = {c[0], static_cast<std::int64_t>(rng.below(10)), c[1], c[2], c[3]};
    for (int f = 0; f < 5; ++f)
      if (full[f] < 0 || full[f] >= kGrid[f])
        throw DataError("smallnorb: class outside the grid 5x10x9x18x6");
    std::memcpy(out + i * image_bytes(), held_image(row_of_[grid_index(full)]),
                static_cast<std::size_t>(image_bytes()));
  }
}

FB_REGISTER(reader_registry(),
            {"smallnorb",
             "smallNORB folder: the six smallnorb-*-{dat,cat,info}.mat binary matrix files",
             Json::object(),
             {[](const FileProbe& p) {
                return p.is_directory() && SmallNorbDataset::looks_like(p.path());
              },
              [](const std::string& path) -> std::unique_ptr<Dataset> {
                return SmallNorbDataset::open(path);
              }}});

}  // namespace fb::data
