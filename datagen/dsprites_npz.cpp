// The dSprites release as numpy archive (docs/datasets.md "Released files"): the file that
// disentanglement_lib's data/ground_truth/dsprites.py loads, and its reader registration.
#include "core/npz.h"
#include "datagen/dsprites.h"
#include "datagen/dsprites_geometry.h"
#include "datagen/file_reader.h"

namespace fb::data {

namespace ds = dsprites;

std::unique_ptr<DspritesDataset> DspritesDataset::from_npz(const std::string& path) {
  const npy::Npz npz(path);
  std::unique_ptr<DspritesDataset> d(new DspritesDataset(DspritesConfig{}));
  // latents_classes first: its row count fixes N, and a bad column is reported before 3 GB of pixels.
  d->classes_ = npz.read_all<std::int64_t>("latents_classes", {-1, ds::kNumFactors});
  const std::int64_t n = static_cast<std::int64_t>(d->classes_.size()) / ds::kNumFactors;
  for (std::size_t i = 0; i < d->classes_.size(); ++i) {
    const std::int64_t c = d->classes_[i], m = ds::kFactorSizes[i % ds::kNumFactors];
    if (c < 0 || c >= m)
      throw DataError(path + ": latents_classes: row " + std::to_string(i / ds::kNumFactors) +
                      " column " + std::to_string(i % ds::kNumFactors) + " is " +
                      std::to_string(c) + ", outside [0, " + std::to_string(m) + ")");
  }
  d->images_ = npz.read_all<std::uint8_t>("imgs", {n, ds::kSize, ds::kSize});
  for (std::uint8_t v : d->images_)
    if (v > 1)
      throw DataError(path + ": imgs: dSprites pixels are 0 or 1, found " + std::to_string(v));
  // As with the HDF5 release: the whole grid in index order makes the oracle return these pixels.
  d->lookup_ = n == ds::kNumImages;
  for (std::int64_t i = 0; d->lookup_ && i < n; i += 997)
    d->lookup_ = ds::flat_index(d->classes_.data() + i * ds::kNumFactors) == i;
  return d;
}

FB_REGISTER(
    reader_registry(),
    {"dsprites_npz",
     "dSprites numpy archive (imgs + latents_classes), the release disentanglement_lib reads",
     Json::object(),
     {[](const FileProbe& p) { return p.npz_has("imgs") && p.npz_has("latents_classes"); },
      [](const std::string& path) -> std::unique_ptr<Dataset> {
        return DspritesDataset::from_npz(path);
      }}});

}  // namespace fb::data
