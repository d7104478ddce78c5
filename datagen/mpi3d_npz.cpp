#include "datagen/mpi3d_npz.h"

#include "core/error.h"
#include "core/npz.h"
#include "datagen/file_reader.h"

namespace fb::data {

namespace {

constexpr int kSide = 64;
const char* const kFactorNames[] = {"object_color",  "object_shape",     "object_size",
                                    "camera_height", "background_color", "horizontal_axis",
                                    "vertical_axis"};

}  // namespace

std::int64_t Mpi3dGrid::count() const {
  std::int64_t n = 1;
  for (auto s : sizes) n *= s;
  return n;
}

std::vector<Mpi3dGrid>& mpi3d_grids() {
  static std::vector<Mpi3dGrid> grids{
      {"mpi3d_toy, mpi3d_realistic, mpi3d_real (final releases)", {6, 6, 2, 3, 3, 40, 40}},
      {"mpi3d_toy, mpi3d_realistic (NeurIPS 2019 challenge)", {4, 4, 2, 3, 3, 40, 40}}};
  return grids;
}

Mpi3dNpzDataset::~Mpi3dNpzDataset() = default;

std::unique_ptr<Mpi3dNpzDataset> Mpi3dNpzDataset::open(const std::string& path,
                                                       std::uint64_t max_held_deflated) {
  std::unique_ptr<Mpi3dNpzDataset> d(new Mpi3dNpzDataset());
  auto npz = std::make_unique<npy::Npz>(path);
  const npy::Header h = npz->header("images");
  if (h.descr.substr(1) != "u1" || h.shape.size() != 4 || h.shape[1] != kSide ||
      h.shape[2] != kSide || h.shape[3] != 3)
    throw DataError(path + ": images: expected (N, 64, 64, 3) uint8, got '" + h.descr +
                    "' of rank " + std::to_string(h.shape.size()));
  std::string known;
  for (const auto& g : mpi3d_grids()) {
    if (g.count() == h.shape[0]) {
      d->grid_ = g;
      break;
    }
    known += (known.empty() ? "" : ", ") + std::to_string(g.count()) + " (" + g.release + ")";
  }
  if (d->grid_.sizes.empty())
    throw DataError(path + ": images: " + std::to_string(h.shape[0]) +
                    " images match no MPI3D grid (wrong element count; expected " + known + ")");
  for (std::size_t f = 0; f < d->grid_.sizes.size(); ++f) {
    Factor factor{kFactorNames[f], {}};
    for (std::int64_t c = 0; c < d->grid_.sizes[f]; ++c) factor.values.push_back(double(c));
    d->factors_.push_back(factor);
  }
  d->height_ = d->width_ = kSide;
  d->channels_ = 3;
  d->pixel_scale_ = 1.0f / 255.0f;
  // The release is the whole grid in index order: row i has the classes of flat index i.
  const std::int64_t n = h.shape[0], k = static_cast<std::int64_t>(d->factors_.size());
  d->classes_.resize(static_cast<std::size_t>(n * k));
  for (std::int64_t i = 0; i < n; ++i) {
    std::int64_t rest = i;
    for (std::int64_t f = k - 1; f >= 0; --f) {
      d->classes_[i * k + f] = rest % d->grid_.sizes[f];
      rest /= d->grid_.sizes[f];
    }
  }
  if (npz->seekable("images")) {
    // np.savez stores members uncompressed, so image i starts at data byte i·12288 and a batch is
    // read with a seek per run of indices: only what is asked for is ever in memory.
    d->npz_ = std::move(npz);
    return d;
  }
  // A deflated member (np.savez_compressed) can only be decompressed front to back: reading a
  // batch would mean decompressing up to its last index. It is decompressed once into memory, as
  // disentanglement_lib's np.load holds the whole array, but only while that stays small.
  const std::uint64_t bytes = static_cast<std::uint64_t>(n) * d->image_bytes();
  if (bytes > max_held_deflated)
    throw DataError(path + ": images: a deflated member of " + std::to_string(bytes) +
                    " bytes cannot be streamed (over the " + std::to_string(max_held_deflated) +
                    " bytes held in memory); store it uncompressed, e.g. `unzip " + path +
                    " images.npy && zip -0 stored.npz images.npy`");
  d->images_ = npz->read_all<std::uint8_t>("images", {n, kSide, kSide, 3});
  return d;
}

void Mpi3dNpzDataset::gather(const std::vector<std::int64_t>& indices, std::uint8_t* out) const {
  if (!streamed()) return Dataset::gather(indices, out);
  const std::int64_t bytes = image_bytes(), n = size();
  for (std::size_t i = 0; i < indices.size();) {
    std::size_t run = 1;  // indices[i .. i+run) are consecutive images: one read
    while (i + run < indices.size() && indices[i + run] == indices[i] + std::int64_t(run)) ++run;
    if (indices[i] < 0 || indices[i] + std::int64_t(run) > n)
      throw DataError(npz_->path() + ": images: index " + std::to_string(indices[i]) +
                      " outside the " + std::to_string(n) + " images");
    npz_->read_at("images", static_cast<std::uint64_t>(indices[i] * bytes),
                  static_cast<std::size_t>(std::int64_t(run) * bytes), out + i * bytes);
    i += run;
  }
}

std::int64_t Mpi3dNpzDataset::flat_index(const std::int64_t* classes) const {
  std::int64_t index = 0;
  for (std::size_t f = 0; f < grid_.sizes.size(); ++f) index = index * grid_.sizes[f] + classes[f];
  return index;
}

void Mpi3dNpzDataset::render(const std::int64_t* classes, std::int64_t n, Rng&,
                             std::uint8_t* out) const {
  const int k = num_factors();
  std::vector<std::int64_t> rows(static_cast<std::size_t>(n));
  for (std::int64_t i = 0; i < n; ++i) {
    for (int f = 0; f < k; ++f)
      if (classes[i * k + f] < 0 || classes[i * k + f] >= grid_.sizes[f])
        throw DataError("mpi3d: class " + std::to_string(classes[i * k + f]) + " of " +
                        kFactorNames[f] + " outside the grid");
    rows[static_cast<std::size_t>(i)] = flat_index(classes + i * k);
  }
  gather(rows, out);
}

FB_REGISTER(reader_registry(), {"mpi3d_npz",
                                "MPI3D numpy archive (images only, (N,64,64,3) on a declared grid)",
                                Json::object(),
                                {[](const FileProbe& p) {
                                   return p.npz_has("images") && !p.npz_has("latents_classes");
                                 },
                                 [](const std::string& path) -> std::unique_ptr<Dataset> {
                                   return Mpi3dNpzDataset::open(path);
                                 }}});

}  // namespace fb::data
