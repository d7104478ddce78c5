#include "datagen/png_folder.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <filesystem>
#include <mutex>

#include "core/error.h"
#include "core/image_io.h"
#include "core/image_resize.h"
#include "core/threads.h"
#include "datagen/file_reader.h"
#include "datagen/grid_scene.h"

namespace fb::data {

namespace {

namespace fs = std::filesystem;
constexpr int kSide = 64;

// The flat index a file name gives ("000123.png" -> 123), or -1 for any other name.
std::int64_t index_of(const std::string& name) {
  if (name.size() < 5 || name.size() > 16 || name.compare(name.size() - 4, 4, ".png") != 0)
    return -1;
  std::int64_t v = 0;
  for (std::size_t i = 0; i + 4 < name.size(); ++i) {
    if (name[i] < '0' || name[i] > '9') return -1;
    v = v * 10 + (name[i] - '0');
  }
  return v;
}

}  // namespace

std::int64_t PngGrid::count() const {
  std::int64_t n = 1;
  for (const auto& f : factors) n *= f.size();
  return n;
}

std::vector<PngGrid>& png_grids() {
  static std::vector<PngGrid> grids = [] {
    std::vector<PngGrid> g;
    for (const char* name : {"falcor3d", "isaac3d"})
      g.push_back({name, make_grid_scene(name, kSide)->factors()});
    return g;
  }();
  return grids;
}

std::string PngFolderDataset::image_dir(const std::string& dir) {
  std::error_code ec;
  return fs::is_directory(dir + "/images", ec) ? dir + "/images" : dir;
}

bool PngFolderDataset::looks_like(const std::string& dir) {
  std::error_code ec;
  const std::string images = image_dir(dir);
  for (const char* zero : {"000000.png", "0000000.png", "00000.png"})
    if (fs::is_regular_file(images + "/" + zero, ec)) return true;
  return false;
}

std::int64_t PngFolderDataset::flat_index(const std::int64_t* classes) const {
  std::int64_t index = 0;
  for (const auto& f : factors_) index = index * f.size() + *classes++;
  return index;
}

std::unique_ptr<PngFolderDataset> PngFolderDataset::open(const std::string& dir, int side) {
  FB_CHECK(side == 64 || side == 128, "PNG folders are resized to 64 or 128");
  const std::string images = image_dir(dir);
  std::vector<std::int64_t> indices;
  for (const auto& e : fs::directory_iterator(images)) {
    const std::int64_t i = index_of(e.path().filename().string());
    if (i >= 0 && e.is_regular_file()) indices.push_back(i);
  }
  std::sort(indices.begin(), indices.end());
  indices.erase(std::unique(indices.begin(), indices.end()), indices.end());
  const std::int64_t top = indices.empty() ? 0 : indices.back() + 1;
  // The grid: the one whose size is the image count, else the smallest that holds the largest index
  // (then the missing indices are named).
  const PngGrid* grid = nullptr;
  for (const auto& g : png_grids())
    if (g.count() == static_cast<std::int64_t>(indices.size()) && g.count() >= top) grid = &g;
  if (grid == nullptr && top > 0)
    for (const auto& g : png_grids())
      if (g.count() >= top && (grid == nullptr || g.count() < grid->count())) grid = &g;
  if (grid == nullptr) {
    std::string known;
    for (const auto& g : png_grids())
      known += (known.empty() ? "" : ", ") + g.dataset + " " + std::to_string(g.count());
    throw DataError(images + ": " + std::to_string(indices.size()) +
                    " indexed PNGs match no grid (wrong element count; expected " + known + ")");
  }
  if (static_cast<std::int64_t>(indices.size()) != grid->count()) {
    std::string missing;
    int named = 0;
    for (std::int64_t i = 0, at = 0; i < grid->count() && named < 5; ++i) {
      if (at < static_cast<std::int64_t>(indices.size()) && indices[at] == i) {
        ++at;
        continue;
      }
      missing += (named++ ? ", " : "") + std::to_string(i);
    }
    throw DataError(images + ": " + grid->dataset + " needs " + std::to_string(grid->count()) +
                    " PNGs named by index, " +
                    std::to_string(grid->count() - static_cast<std::int64_t>(indices.size())) +
                    " are missing (first: " + missing + ")");
  }
  std::unique_ptr<PngFolderDataset> d(new PngFolderDataset());
  d->name_ = grid->dataset;
  d->factors_ = grid->factors;
  d->height_ = d->width_ = side;
  d->channels_ = 3;
  d->pixel_scale_ = 1.0f / 255.0f;
  const std::int64_t n = grid->count(), k = static_cast<std::int64_t>(d->factors_.size());
  d->classes_.resize(static_cast<std::size_t>(n * k));
  for (std::int64_t i = 0; i < n; ++i) {
    std::int64_t rest = i;
    for (std::int64_t f = k - 1; f >= 0; --f) {
      d->classes_[i * k + f] = rest % d->factors_[f].size();
      rest /= d->factors_[f].size();
    }
  }
  // The names' zero padding is the width of the largest index, at least six digits.
  const int width = std::max<int>(6, static_cast<int>(std::to_string(n - 1).size()));
  d->images_.resize(static_cast<std::size_t>(n * d->image_bytes()));
  std::mutex failure_mutex;
  std::string failure;
  std::atomic<bool> failed{false};
  parallel_for(n, [&](std::int64_t b, std::int64_t e) {
    for (std::int64_t i = b; i < e && !failed; ++i) {
      std::string name = std::to_string(i);
      name = std::string(
                 static_cast<std::size_t>(std::max<int>(0, width - static_cast<int>(name.size()))),
                 '0') +
             name;
      std::string path = images + "/" + name + ".png";
      if (!fs::exists(path)) path = images + "/" + std::to_string(i) + ".png";
      try {
        const Image img = read_image_rgb(path);
        resize_area(img.pixels.data(), img.height, img.width, 3, side, side,
                    d->images_.data() + i * d->image_bytes());
      } catch (const Error& err) {
        std::lock_guard<std::mutex> lock(failure_mutex);
        if (!failed.exchange(true)) failure = err.what();
      }
    }
  });
  if (failed) throw DataError(failure);
  return d;
}

void PngFolderDataset::render(const std::int64_t* classes, std::int64_t n, Rng&,
                              std::uint8_t* out) const {
  const int k = num_factors();
  for (std::int64_t i = 0; i < n; ++i) {
    for (int f = 0; f < k; ++f)
      if (classes[i * k + f] < 0 || classes[i * k + f] >= factors_[f].size())
        throw DataError(name_ + ": class outside the factor grid");
    std::memcpy(out + i * image_bytes(), held_image(flat_index(classes + i * k)),
                static_cast<std::size_t>(image_bytes()));
  }
}

FB_REGISTER(reader_registry(),
            {"png_folder",
             "Falcor3D / Isaac3D release: a folder (or its images/) of PNGs named by flat index",
             Json::object(),
             {[](const FileProbe& p) {
                return p.is_directory() && PngFolderDataset::looks_like(p.path());
              },
              [](const std::string& path) -> std::unique_ptr<Dataset> {
                return PngFolderDataset::open(path);
              },
              [](const std::string& path, int side) -> std::unique_ptr<Dataset> {
                return PngFolderDataset::open(path, side);
              }}});

}  // namespace fb::data
