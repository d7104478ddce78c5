// 3D Teapots (docs/protocols.md §1.4): the Utah teapot under a camera orbit, five continuous factors
// [azimuth, elevation, R, G, B], the InfoGAN-CR re-creation's sampling, camera and Gouraud shading, and
// its fixed-factor metric groups. File layout (§1.7): /imgs (N,64,64,3) u8, /latents (N,5) f64,
// /metric/imgs (M,L,64,64,3) u8, /metric/labels (M) i64, plus /metric/latents (M,L,5) f64.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/config.h"
#include "datagen/dataset.h"
#include "datagen/generator.h"
#include "datagen/rasteriser3d.h"

namespace fb::data {

namespace teapots {
inline constexpr int kSize = 64;
inline constexpr int kNumFactors = 5;
/// Upper bounds of the latents (azimuth in [0, 2π), elevation in [0, π/2], colours in [0, 1]).
extern const double kLatentMax[kNumFactors];
/// Factor names in column order.
extern const char* const kFactorNames[kNumFactors];

/// Renders teapots; holds a 4x4-supersampled target, so use one per thread.
class Renderer {
 public:
  Renderer();
  /// latents: [azimuth, elevation, r, g, b] (float64 [5]); out: uint8 [64,64,3].
  void render(const double* latents, std::uint8_t* out);

 private:
  r3d::Rasteriser target_;
};

/// `n` latent vectors, float64 [n,5], drawn in order from `rng` (azimuth, elevation, r, g, b per row).
std::vector<double> sample_latents(std::int64_t n, Rng& rng);
/// The InfoGAN-CR metric groups: float64 [groups, size, 5]; group g fixes factor g mod 5 at its first
/// sample's value. Labels (g mod 5) follow from the group index.
std::vector<double> metric_latents(std::int64_t groups, std::int64_t size, Rng& rng);
}  // namespace teapots

/// What `generate teapots` writes.
struct TeapotsConfig {
  std::int64_t seed = 1;          ///< the re-creation's seed
  std::int64_t count = 200000;    ///< images in /imgs
  std::int64_t groups = 500;      ///< metric groups M (0 = no /metric)
  std::int64_t group_size = 100;  ///< images per group L
  template <class V>
  void visit(V&& v) {
    v("seed", seed, "seed of the latent draws");
    v("count", count, "number of images (default 200,000)");
    v("groups", groups, "metric groups M (InfoGAN-CR: 500; 0 = none)");
    v("group_size", group_size, "images per metric group L (InfoGAN-CR: 100)");
  }
  void validate(const std::string& where) const;
};

/// Registry config of the `teapots` dataset.
struct TeapotsOpenConfig {
  std::int64_t seed = 1;
  std::int64_t count = 0;  ///< 0: the default file from the cache; >0: that many rendered in memory
  std::int64_t bins = 16;  ///< classes per factor for the discrete factor interface
  template <class V>
  void visit(V&& v) {
    v("seed", seed, "seed of the latent draws");
    v("count", count,
      "0 = the default 200,000-image file from the cache; >0 = that many rendered in memory");
    v("bins", bins,
      "classes per factor: the continuous latents are binned for metrics (oracle renders bin "
      "centres)");
  }
  void validate(const std::string& where) const;
};

/// Teapots with a discrete view of the continuous latents: factor k has `bins` classes whose values are
/// the bin centres; classes() bins the held latents, and the oracle renders the bin centres.
class TeapotsDataset : public Dataset {
 public:
  /// Opens /imgs (u8, or floats in [0,1] as the reference stores them) + /latents.
  static std::unique_ptr<TeapotsDataset> from_file(const std::string& path, std::int64_t bins = 16);
  /// `count` teapots with latents from `seed`, rendered in memory.
  static std::unique_ptr<TeapotsDataset> procedural(std::int64_t seed, std::int64_t count,
                                                    std::int64_t bins = 16);

  std::string name() const override { return "teapots"; }
  void render(const std::int64_t* classes, std::int64_t n, Rng& rng,
              std::uint8_t* out) const override;
  /// The held continuous latents, float64 [size(), 5].
  const std::vector<double>& latents() const { return latents_; }

 private:
  explicit TeapotsDataset(std::int64_t bins);
  void bin_latents();
  std::vector<double> latents_;
};

/// Writes the Teapots file (images rendered and deflated on all threads).
GenerateReport generate_teapots(const TeapotsConfig& config, const std::string& out, bool force);

}  // namespace fb::data
