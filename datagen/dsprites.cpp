#include "datagen/dsprites.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>

#include "core/hdf5.h"
#include "core/threads.h"
#include "datagen/dsprites_geometry.h"
#include "datagen/texture.h"

namespace fb::data {

namespace ds = dsprites;

namespace {

const std::vector<std::string> kVariants = {"none", "color", "noisy", "scream", "imbalanced"};

std::string join_numbers(const std::vector<double>& v) {
  std::string s = "[";
  for (std::size_t i = 0; i < v.size(); ++i) s += (i ? "," : "") + format_number(v[i]);
  return s + "]";
}

void validate_weights(const std::vector<double>& w, const std::string& path) {
  bool ok = w.size() == 3;
  double max = 0;
  for (double x : w) {
    ok = ok && std::isfinite(x) && x >= 0;
    max = std::max(max, x);
  }
  require(ok && max > 0, path,
          "must be 3 non-negative weights for (square, ellipse, heart), not all 0",
          join_numbers(w));
}

std::uint8_t to_u8(double v) {
  return static_cast<std::uint8_t>(std::lround(std::clamp(v, 0.0, 1.0) * 255.0));
}

}  // namespace

void DspritesConfig::validate(const std::string& where) const {
  bool known = std::find(kVariants.begin(), kVariants.end(), variant) != kVariants.end();
  require(known, where + ".variant", "must be one of none, color, noisy, scream, imbalanced",
          "'" + variant + "'");
  require(seed >= 0, where + ".seed", "must be >= 0", std::to_string(seed));
  validate_weights(shape_weights, where + ".shape_weights");
  require(texture.empty() || variant == "scream", where + ".texture",
          "only applies to the scream variant", "'" + texture + "'");
}

int DspritesConfig::channels() const {
  return variant == "color" || variant == "noisy" || variant == "scream" ? 3 : 1;
}

void DspritesOpenConfig::validate(const std::string& where) const {
  require(seed >= 0, where + ".seed", "must be >= 0", std::to_string(seed));
  require(count >= 0, where + ".count", "must be >= 0", std::to_string(count));
  validate_weights(shape_weights, where + ".shape_weights");
}

// ---- variants ----

DspritesVariant::DspritesVariant(const DspritesConfig& config)
    : config_(config),
      channels_(config.channels()),
      stream_(mix64(static_cast<std::uint64_t>(config.seed)) ^
              hash_name("dsprites:" + config.variant)) {
  if (config.variant == "scream")
    texture_ = config.texture.empty() ? procedural_texture(static_cast<std::uint64_t>(config.seed))
                                      : texture_from_file(config.texture);
}

Rng DspritesVariant::image_rng(std::int64_t flat_index) const {
  return Rng::for_item(stream_, static_cast<std::uint64_t>(flat_index));
}

void DspritesVariant::apply(const std::uint8_t* mask, Rng& rng, std::uint8_t* out) const {
  constexpr int kPixels = ds::kSize * ds::kSize;
  const std::string& v = config_.variant;
  if (channels_ == 1) {
    std::memcpy(out, mask, kPixels);
    return;
  }
  if (v == "color") {
    // One colour per image from U(0.5, 1)^3 on a black background.
    std::uint8_t rgb[3];
    for (auto& c : rgb) c = to_u8(rng.uniform(0.5, 1.0));
    for (int p = 0; p < kPixels; ++p)
      for (int c = 0; c < 3; ++c) out[p * 3 + c] = mask[p] ? rgb[c] : 0;
  } else if (v == "noisy") {
    // min(mask + U(0,1), 1) per pixel and channel: a white sprite on uniform noise.
    for (int p = 0; p < kPixels; ++p)
      for (int c = 0; c < 3; ++c) {
        double noise = rng.uniform();
        out[p * 3 + c] = mask[p] ? 255 : to_u8(noise);
      }
  } else {
    // scream: a random 64x64 crop, background (crop + c)/2 with c ~ U(0,1)^3, sprite pixels 1 - bg.
    const int oy =
        static_cast<int>(rng.below(static_cast<std::uint64_t>(texture_.height - ds::kSize)));
    const int ox =
        static_cast<int>(rng.below(static_cast<std::uint64_t>(texture_.width - ds::kSize)));
    double shift[3];
    for (auto& s : shift) s = rng.uniform();
    for (int y = 0; y < ds::kSize; ++y)
      for (int x = 0; x < ds::kSize; ++x) {
        const std::uint8_t* t = texture_.pixels.data() + ((oy + y) * texture_.width + (ox + x)) * 3;
        const int p = y * ds::kSize + x;
        for (int c = 0; c < 3; ++c) {
          double bg = (t[c] / 255.0 + shift[c]) / 2.0;
          out[p * 3 + c] = to_u8(mask[p] ? 1.0 - bg : bg);
        }
      }
  }
}

std::vector<std::int64_t> imbalanced_indices(const std::vector<double>& w, std::int64_t seed) {
  const std::int64_t per_shape = ds::kNumImages / 3;
  const double max = *std::max_element(w.begin(), w.end());
  Rng rng = Rng::derive(static_cast<std::uint64_t>(seed), "dsprites:imbalanced-subset");
  std::vector<std::int64_t> out;
  std::vector<std::int64_t> pool(static_cast<std::size_t>(per_shape));
  for (int s = 0; s < 3; ++s) {
    const auto keep =
        static_cast<std::int64_t>(std::llround(static_cast<double>(per_shape) * w[s] / max));
    std::iota(pool.begin(), pool.end(), 0);
    // Partial Fisher-Yates: the first `keep` slots become a uniform random subset.
    for (std::int64_t i = 0; i < keep; ++i) {
      auto j = i + static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(per_shape - i)));
      std::swap(pool[i], pool[j]);
    }
    std::vector<std::int64_t> chosen(pool.begin(), pool.begin() + keep);
    std::sort(chosen.begin(), chosen.end());
    for (auto i : chosen) out.push_back(s * per_shape + i);
  }
  return out;
}

// ---- dataset ----

DspritesDataset::DspritesDataset(const DspritesConfig& config) : config_(config), variant_(config) {
  factors_ = ds::factors();
  height_ = width_ = ds::kSize;
  channels_ = config.channels();
  pixel_scale_ = channels_ == 1 ? 1.0f : 1.0f / 255.0f;
}

std::string DspritesDataset::name() const {
  return config_.variant == "none" ? "dsprites" : "dsprites_" + config_.variant;
}

void DspritesDataset::render(const std::int64_t* classes, std::int64_t n, Rng& rng,
                             std::uint8_t* out) const {
  std::uint8_t mask[ds::kSize * ds::kSize];
  for (std::int64_t i = 0; i < n; ++i) {
    const std::int64_t* c = classes + i * ds::kNumFactors;
    std::uint8_t* dst = out + i * image_bytes();
    if (lookup_) {
      std::memcpy(dst, held_image(ds::flat_index(c)), static_cast<std::size_t>(image_bytes()));
      continue;
    }
    ds::render_mask(c, mask);
    variant_.apply(mask, rng, dst);
  }
}

std::vector<std::int64_t> DspritesDataset::sample_factors(std::int64_t n, Rng& rng) const {
  auto out = Dataset::sample_factors(n, rng);
  if (config_.variant != "imbalanced") return out;
  // Shape follows the prior, the other factors stay uniform.
  const auto& w = config_.shape_weights;
  const double total = w[0] + w[1] + w[2];
  for (std::int64_t i = 0; i < n; ++i) {
    double u = rng.uniform() * total;
    out[i * ds::kNumFactors + 1] = u < w[0] ? 0 : (u < w[0] + w[1] || w[2] == 0 ? 1 : 2);
  }
  return out;
}

std::unique_ptr<DspritesDataset> DspritesDataset::procedural(const DspritesConfig& config,
                                                             std::int64_t count) {
  std::unique_ptr<DspritesDataset> d(new DspritesDataset(config));
  Rng rng = Rng::derive(static_cast<std::uint64_t>(config.seed), "dsprites:procedural-subset");
  d->classes_ = d->sample_factors(count, rng);
  d->images_.resize(static_cast<std::size_t>(count * d->image_bytes()));
  parallel_for(count, [&](std::int64_t b, std::int64_t e) {
    for (std::int64_t i = b; i < e; ++i) {
      const std::int64_t* c = d->classes_.data() + i * ds::kNumFactors;
      Rng item = d->variant_.image_rng(ds::flat_index(c));
      d->render(c, 1, item, d->images_.data() + i * d->image_bytes());
    }
  });
  return d;
}

std::unique_ptr<DspritesDataset> DspritesDataset::from_file(const std::string& path) {
  auto file = h5::File::open(path);
  DspritesConfig cfg;
  if (file.has_attr("/", "variant")) cfg.variant = file.read_attr_string("/", "variant");
  if (file.has_attr("/", "seed")) cfg.seed = file.read_attr_ints("/", "seed").at(0);
  if (file.has_attr("/", "shape_prior"))
    cfg.shape_weights = file.read_attr_doubles("/", "shape_prior");
  if (file.has_attr("/", "texture")) cfg.texture = file.read_attr_string("/", "texture");
  cfg.validate(path + ": attributes");
  std::unique_ptr<DspritesDataset> d(new DspritesDataset(cfg));

  auto imgs = file.dataset("imgs");
  auto dims = imgs.dims();
  const std::int64_t n = dims.empty() ? 0 : dims[0];
  if (d->channels_ == 1)
    imgs.expect(h5::Type::kU8, {-1, ds::kSize, ds::kSize});
  else
    imgs.expect(h5::Type::kU8, {-1, ds::kSize, ds::kSize, 3});
  auto classes = file.dataset("latents/classes");
  classes.expect(h5::Type::kI64, {n, ds::kNumFactors});
  file.dataset("latents/values").expect(h5::Type::kF64, {n, ds::kNumFactors});

  d->classes_ = classes.read<std::int64_t>();
  for (std::size_t i = 0; i < d->classes_.size(); ++i) {
    const std::int64_t c = d->classes_[i], m = ds::kFactorSizes[i % ds::kNumFactors];
    if (c < 0 || c >= m)
      throw DataError(path + ": /latents/classes: row " + std::to_string(i / ds::kNumFactors) +
                      " column " + std::to_string(i % ds::kNumFactors) + " is " +
                      std::to_string(c) + ", outside [0, " + std::to_string(m) + ")");
  }
  d->images_.resize(static_cast<std::size_t>(n * d->image_bytes()));
  imgs.read_all_u8_parallel(d->images_.data());
  // The release (and our plain file) holds the whole grid in index order: the oracle then returns the
  // stored images themselves, so metrics sample exactly the released pixels.
  d->lookup_ = n == ds::kNumImages && cfg.variant == "none";
  for (std::int64_t i = 0; d->lookup_ && i < n; i += 997)
    d->lookup_ = ds::flat_index(d->classes_.data() + i * ds::kNumFactors) == i;
  return d;
}

}  // namespace fb::data
