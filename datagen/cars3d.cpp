#include "datagen/cars3d.h"

#include <matio.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <vector>

#include "core/error.h"
#include "core/image_resize.h"
#include "datagen/file_reader.h"
#include "datagen/mat5_check.h"

namespace fb::data {

namespace {

constexpr int kSide = 64;

bool is_car_file(const std::filesystem::path& p) {
  const std::string name = p.filename().string();
  return name.rfind("car_", 0) == 0 && name.size() > 13 &&
         name.compare(name.size() - 9, 9, "_mesh.mat") == 0;
}

// matio reports its own failures on stderr; the reader reports them as one DataError instead.
void quiet_log(int, char*) {}

std::vector<double> index_values(std::int64_t n) {
  std::vector<double> v;
  for (std::int64_t i = 0; i < n; ++i) v.push_back(static_cast<double>(i));
  return v;
}

}  // namespace

bool Cars3dDataset::looks_like(const std::string& dir) {
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec))
    if (e.is_regular_file() && is_car_file(e.path())) return true;
  return false;
}

Cars3dDataset::Cars3dDataset() {
  factors_ = {{"elevation", index_values(kElevations)},
              {"azimuth", index_values(kAzimuths)},
              {"object", index_values(kObjects)}};
  height_ = width_ = kSide;
  channels_ = 3;
  pixel_scale_ = 1.0f / 255.0f;
}

std::int64_t Cars3dDataset::flat_index(const std::int64_t* c) {
  return (c[0] * kAzimuths + c[1]) * kObjects + c[2];
}

std::vector<std::uint8_t> Cars3dDataset::read_object(const std::string& path) {
  static const bool quiet = (Mat_LogInitFunc("factorbench", quiet_log), true);
  (void)quiet;
  check_mat5(path);  // matio trusts declared sizes; a hostile file must not reach it unchecked
  mat_t* mat = Mat_Open(path.c_str(), MAT_ACC_RDONLY);
  if (mat == nullptr) throw DataError(path + ": not a readable MAT file (truncated or corrupt)");
  matvar_t* im = Mat_VarRead(mat, "im");
  Mat_Close(mat);
  if (im == nullptr) throw DataError(path + ": no variable `im` (or it cannot be read)");
  // matio reads a cut-off uncompressed variable without complaint: the file must hold its bytes.
  if (im->compression == MAT_COMPRESSION_NONE && std::filesystem::file_size(path) < im->nbytes) {
    const std::string declared = std::to_string(im->nbytes);
    Mat_VarFree(im);
    throw DataError(path + ": truncated (`im` declares " + declared + " bytes)");
  }
  const bool shaped = im->rank == 5 && im->dims[2] == 3 && im->dims[3] == kAzimuths &&
                      im->dims[4] == kElevations && im->dims[0] > 0 && im->dims[1] > 0 &&
                      im->dims[0] <= 4096 && im->dims[1] <= 4096;
  // A complex `im` holds a {real, imaginary} pair of pointers in `data`, not the pixels (fuzz_mat
  // found the overflow); nbytes is the size of the pixel buffer matio allocated.
  const bool pixels = !im->isComplex && im->data != nullptr && shaped &&
                      im->nbytes >= im->dims[0] * im->dims[1] * 3 * kAzimuths * kElevations;
  if (im->class_type != MAT_C_UINT8 || im->data_type != MAT_T_UINT8 || !pixels) {
    Mat_VarFree(im);
    throw DataError(path + ": `im` is not real uint8 (H, W, 3, 24, 4)");
  }
  const int h = static_cast<int>(im->dims[0]), w = static_cast<int>(im->dims[1]);
  const auto* data = static_cast<const std::uint8_t*>(im->data);
  const std::size_t view_bytes = std::size_t{kSide} * kSide * 3;
  std::vector<std::uint8_t> views(kElevations * kAzimuths * view_bytes);
  std::vector<std::uint8_t> picture(static_cast<std::size_t>(h) * w * 3);
  for (std::int64_t e = 0; e < kElevations; ++e)
    for (std::int64_t a = 0; a < kAzimuths; ++a) {
      // MATLAB is column-major: im(y, x, c, a, e) lies at y + H·(x + W·(c + 3·(a + 24·e))).
      const std::uint8_t* slice = data + static_cast<std::size_t>(h) * w * 3 * (a + kAzimuths * e);
      for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
          for (int c = 0; c < 3; ++c)
            picture[(static_cast<std::size_t>(y) * w + x) * 3 + c] =
                slice[y + static_cast<std::size_t>(h) * (x + static_cast<std::size_t>(w) * c)];
      resize_area(picture.data(), h, w, 3, kSide, kSide,
                  views.data() + (e * kAzimuths + a) * view_bytes);
    }
  Mat_VarFree(im);
  return views;
}

std::unique_ptr<Cars3dDataset> Cars3dDataset::open(const std::string& dir) {
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.is_regular_file() && is_car_file(e.path())) files.push_back(e.path());
  // disentanglement_lib takes the directory listing's order; name order is the reproducible one.
  std::sort(files.begin(), files.end());
  if (static_cast<std::int64_t>(files.size()) != kObjects)
    throw DataError(dir + ": holds " + std::to_string(files.size()) +
                    " car_*_mesh.mat files, Cars3D has " + std::to_string(kObjects) +
                    " (wrong element count for the grid)");
  std::unique_ptr<Cars3dDataset> d(new Cars3dDataset());
  const std::int64_t n = kElevations * kAzimuths * kObjects;
  d->images_.resize(static_cast<std::size_t>(n * d->image_bytes()));
  d->classes_.resize(static_cast<std::size_t>(n * 3));
  for (std::int64_t i = 0; i < n; ++i) {
    d->classes_[i * 3] = i / (kAzimuths * kObjects);
    d->classes_[i * 3 + 1] = i / kObjects % kAzimuths;
    d->classes_[i * 3 + 2] = i % kObjects;
  }
  const std::int64_t views = kElevations * kAzimuths;
  for (std::int64_t object = 0; object < kObjects; ++object) {
    const std::vector<std::uint8_t> object_views = read_object(files[object].string());
    for (std::int64_t v = 0; v < views; ++v) {
      const std::int64_t classes[3] = {v / kAzimuths, v % kAzimuths, object};
      std::memcpy(d->images_.data() + flat_index(classes) * d->image_bytes(),
                  object_views.data() + v * d->image_bytes(),
                  static_cast<std::size_t>(d->image_bytes()));
    }
  }
  return d;
}

void Cars3dDataset::render(const std::int64_t* classes, std::int64_t n, Rng&,
                           std::uint8_t* out) const {
  for (std::int64_t i = 0; i < n; ++i) {
    const std::int64_t* c = classes + i * 3;
    if (c[0] < 0 || c[0] >= kElevations || c[1] < 0 || c[1] >= kAzimuths || c[2] < 0 ||
        c[2] >= kObjects)
      throw DataError("cars3d: class outside the grid 4x24x183");
    std::memcpy(out + i * image_bytes(), held_image(flat_index(c)),
                static_cast<std::size_t>(image_bytes()));
  }
}

FB_REGISTER(reader_registry(),
            {"cars3d",
             "Cars3D folder: 183 car_*_mesh.mat MATLAB files (`im`, read with matio)",
             Json::object(),
             {[](const FileProbe& p) {
                return p.is_directory() && Cars3dDataset::looks_like(p.path());
              },
              [](const std::string& path) -> std::unique_ptr<Dataset> {
                return Cars3dDataset::open(path);
              }}});

}  // namespace fb::data
