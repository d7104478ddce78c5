#include "datagen/teapots.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>

#include "core/atomic_output.h"
#include "core/hdf5.h"
#include "core/provenance.h"
#include "core/threads.h"
#include "datagen/chunked_writer.h"
#include "datagen/teapot_mesh.h"

namespace fb::data {

namespace teapots {

namespace {
constexpr double kPi = 3.14159265358979323846;
constexpr int kSupersample = 4;  // 4x4 samples, box filter (docs/protocols.md §1.4, project)
constexpr int kTessellation = 16;
// The inside of the shell, seen only through the gap around the lid and the spout's mouth, is drawn as
// the back faces of a coarse copy of the open parts: the look of drawing every back face, far cheaper.
constexpr int kInsideTessellation = 4;
constexpr float kOrbit = 0.5f, kFocal = 105.0f, kNear = 0.05f, kFar = 10.0f;

// Object -> world without the azimuth: bounding box of the control points centred, width scaled to 0.2
// (0.2 / 6.525 ≈ 0.0307), so the teapot spans about 2/3 of the frame.
struct Model {
  r3d::Mesh mesh, inside;
  r3d::Mat4 placement;
  Model()
      : mesh(r3d::teapot_mesh(kTessellation)),
        // Rim, body, bottom and spout: the lid and handle insides are never in view.
        inside(r3d::teapot_mesh(kInsideTessellation,
                                [](int p) { return p < 12 || (p >= 20 && p < 24) || p >= 28; })) {
    r3d::Vec3 lo, hi;
    r3d::teapot_bounds(&lo, &hi);
    const float scale = 0.2f / (hi.x - lo.x);
    placement = r3d::Mat4::scale({scale, scale, scale}) * r3d::Mat4::translation((lo + hi) * -0.5f);
  }
};
const Model& model() {
  static const Model m;
  return m;
}
}  // namespace

const double kLatentMax[kNumFactors] = {2 * kPi, kPi / 2, 1, 1, 1};
const char* const kFactorNames[kNumFactors] = {"azimuth", "elevation", "red", "green", "blue"};

Renderer::Renderer() : target_(kSize, kSize, kSupersample) {}

void Renderer::render(const double* latents, std::uint8_t* out) {
  const auto azimuth = static_cast<float>(latents[0]), elevation = static_cast<float>(latents[1]);
  // Elevation tilts the camera about x: 0 looks from the side (-y), π/2 from the top.
  const r3d::Vec3 eye{0, -kOrbit * std::cos(elevation), kOrbit * std::sin(elevation)};
  target_.begin(r3d::Camera::look_at(eye, {0, 0, 0}, {0, 0, 1}, kFocal, kSize / 2.0f, kSize / 2.0f,
                                     kNear, kFar),
                {1, 1, 1});  // white clear colour and unlit white background cube
  r3d::Material material;
  material.color = {static_cast<float>(latents[2]), static_cast<float>(latents[3]),
                    static_cast<float>(latents[4])};
  material.shading = r3d::Shading::kGouraud;
  // albedo * (0.9 max(0, n.z) + 0.5), clamped: light from above plus ambient 0.5.
  r3d::Lighting lighting;
  lighting.ambient = {0.5f, 0.5f, 0.5f};
  lighting.lights.push_back({true, {0, 0, 1}, {}, {0.9f, 0.9f, 0.9f}, 0});
  const r3d::Mat4 placement = r3d::Mat4::rotation_z(azimuth) * model().placement;
  target_.draw(model().mesh, placement, material, lighting);
  material.cull = r3d::Cull::kFront;
  target_.draw(model().inside, placement, material, lighting);
  target_.resolve(out);
}

std::vector<double> sample_latents(std::int64_t n, Rng& rng) {
  std::vector<double> out(static_cast<std::size_t>(n * kNumFactors));
  for (auto& v : out) v = rng.uniform();
  for (std::int64_t i = 0; i < n; ++i)
    for (int k = 0; k < kNumFactors; ++k) out[i * kNumFactors + k] *= kLatentMax[k];
  return out;
}

std::vector<double> metric_latents(std::int64_t groups, std::int64_t size, Rng& rng) {
  auto out = sample_latents(groups * size, rng);
  for (std::int64_t g = 0; g < groups; ++g) {
    const int k = static_cast<int>(g % kNumFactors);
    double* group = out.data() + g * size * kNumFactors;
    for (std::int64_t i = 1; i < size; ++i) group[i * kNumFactors + k] = group[k];
  }
  return out;
}

}  // namespace teapots

namespace tp = teapots;

void TeapotsConfig::validate(const std::string& where) const {
  require(seed >= 0, where + ".seed", "must be >= 0", std::to_string(seed));
  require(count >= 1, where + ".count", "must be >= 1", std::to_string(count));
  require(groups >= 0, where + ".groups", "must be >= 0", std::to_string(groups));
  require(group_size >= 2, where + ".group_size", "must be >= 2", std::to_string(group_size));
}

void TeapotsOpenConfig::validate(const std::string& where) const {
  require(seed >= 0, where + ".seed", "must be >= 0", std::to_string(seed));
  require(count >= 0, where + ".count", "must be >= 0", std::to_string(count));
  require(bins >= 2 && bins <= 1000, where + ".bins", "must be in [2, 1000]", std::to_string(bins));
}

// ---- dataset ----

TeapotsDataset::TeapotsDataset(std::int64_t bins) {
  for (int k = 0; k < tp::kNumFactors; ++k) {
    Factor f{tp::kFactorNames[k], {}};
    for (std::int64_t b = 0; b < bins; ++b)
      f.values.push_back((b + 0.5) * tp::kLatentMax[k] / bins);
    factors_.push_back(f);
  }
  height_ = width_ = tp::kSize;
  channels_ = 3;
  pixel_scale_ = 1.0f / 255.0f;
}

void TeapotsDataset::bin_latents() {
  const auto n = static_cast<std::int64_t>(latents_.size() / tp::kNumFactors);
  const std::int64_t bins = factors_[0].size();
  classes_.resize(latents_.size());
  for (std::int64_t i = 0; i < n * tp::kNumFactors; ++i) {
    const double t = latents_[i] / tp::kLatentMax[i % tp::kNumFactors];
    classes_[i] =
        std::clamp<std::int64_t>(static_cast<std::int64_t>(std::floor(t * bins)), 0, bins - 1);
  }
}

void TeapotsDataset::render(const std::int64_t* classes, std::int64_t n, Rng&,
                            std::uint8_t* out) const {
  tp::Renderer renderer;
  double latents[tp::kNumFactors];
  for (std::int64_t i = 0; i < n; ++i) {
    for (int k = 0; k < tp::kNumFactors; ++k)
      latents[k] = factors_[k].values[classes[i * tp::kNumFactors + k]];
    renderer.render(latents, out + i * image_bytes());
  }
}

std::unique_ptr<TeapotsDataset> TeapotsDataset::procedural(std::int64_t seed, std::int64_t count,
                                                           std::int64_t bins) {
  std::unique_ptr<TeapotsDataset> d(new TeapotsDataset(bins));
  Rng rng = Rng::derive(static_cast<std::uint64_t>(seed), "teapots:latents");
  d->latents_ = tp::sample_latents(count, rng);
  d->bin_latents();
  d->images_.resize(static_cast<std::size_t>(count * d->image_bytes()));
  parallel_for(count, [&](std::int64_t b, std::int64_t e) {
    tp::Renderer renderer;
    for (std::int64_t i = b; i < e; ++i)
      renderer.render(&d->latents_[i * tp::kNumFactors], d->images_.data() + i * d->image_bytes());
  });
  return d;
}

std::unique_ptr<TeapotsDataset> TeapotsDataset::from_file(const std::string& path,
                                                          std::int64_t bins) {
  auto file = h5::File::open(path);
  std::unique_ptr<TeapotsDataset> d(new TeapotsDataset(bins));
  auto imgs = file.dataset("imgs");
  imgs.expect(imgs.type(), {-1, tp::kSize, tp::kSize, 3});
  const std::int64_t n = imgs.dims()[0];
  file.dataset("latents").expect(h5::Type::kF64, {n, tp::kNumFactors});
  d->latents_ = file.dataset("latents").read<double>();
  d->images_.resize(static_cast<std::size_t>(n * d->image_bytes()));
  if (imgs.type() == h5::Type::kU8) {
    imgs.read_all_u8_parallel(d->images_.data());
  } else {
    // The reference implementation stores floats in [0, 1].
    const auto pixels = imgs.read<float>();
    for (std::size_t i = 0; i < pixels.size(); ++i)
      d->images_[i] =
          static_cast<std::uint8_t>(std::lround(std::clamp(pixels[i], 0.0f, 1.0f) * 255.0f));
  }
  d->bin_latents();
  return d;
}

// ---- generator ----

GenerateReport generate_teapots(const TeapotsConfig& config, const std::string& out, bool force) {
  config.validate("teapots");
  const auto start = std::chrono::steady_clock::now();
  AtomicOutput output(out, force);
  constexpr int kGzip = 4;
  const std::int64_t n = config.count, image_bytes = std::int64_t{tp::kSize} * tp::kSize * 3;
  Rng rng = Rng::derive(static_cast<std::uint64_t>(config.seed), "teapots:latents");
  const auto latents = tp::sample_latents(n, rng);

  auto file = h5::File::create(output.partial());
  auto render_rows = [&](const std::vector<double>& lat) {
    return [&lat, image_bytes](std::int64_t first, std::int64_t count, std::uint8_t* dst) {
      tp::Renderer renderer;
      for (std::int64_t r = 0; r < count; ++r)
        renderer.render(&lat[(first + r) * tp::kNumFactors], dst + r * image_bytes);
    };
  };
  write_u8_chunked(file, "/imgs", {n, tp::kSize, tp::kSize, 3}, 64, kGzip, render_rows(latents),
                   "teapots");
  file.create_dataset("/latents", h5::Type::kF64, {n, tp::kNumFactors},
                      {{16384, tp::kNumFactors}, kGzip})
      .write(latents);
  if (config.groups > 0) {
    const std::int64_t m = config.groups, l = config.group_size;
    Rng metric_rng = Rng::derive(static_cast<std::uint64_t>(config.seed), "teapots:metric");
    const auto metric = tp::metric_latents(m, l, metric_rng);
    file.create_group("/metric");
    // One group per chunk: a metric reads whole groups.
    auto group_renderer = render_rows(metric);
    write_u8_chunked(
        file, "/metric/imgs", {m, l, tp::kSize, tp::kSize, 3}, 1, kGzip,
        [&](std::int64_t first, std::int64_t count, std::uint8_t* dst) {
          group_renderer(first * l, count * l, dst);
        },
        "teapots metric groups");
    std::vector<std::int64_t> labels(static_cast<std::size_t>(m));
    for (std::int64_t g = 0; g < m; ++g) labels[g] = g % tp::kNumFactors;
    file.create_dataset("/metric/labels", h5::Type::kI64, {m}).write(labels);
    file.create_dataset("/metric/latents", h5::Type::kF64, {m, l, tp::kNumFactors},
                        {{1, l, tp::kNumFactors}, kGzip})
        .write(metric);
  }
  std::vector<std::string> names(tp::kFactorNames, tp::kFactorNames + tp::kNumFactors);
  file.write_attr("/", "latents_names", names);
  file.write_attr("/", "seed", std::vector<std::int64_t>{config.seed});
  file.write_attr("/", "generator", std::string("factorbench ") + factorbench_version());
  file.close();
  output.commit();

  return finish_report(n + config.groups * config.group_size, start, out);
}

}  // namespace fb::data
