// Every registered metric at its default config (disentanglement_lib / InfoGAN-CR sample sizes) on
// dSprites' oracle (items = images rendered and encoded or generated). The representation is a fixed
// random projection of the pixels to D = 10 codes, so the figure is the metric's own cost (rendering,
// sampling, classifiers) plus a cheap encoder; all are `/full`: tens of seconds each.
#include <benchmark/benchmark.h>

#include <Eigen/Dense>
#include <atomic>
#include <cmath>

#include "benchmark/registry_walk.h"
#include "core/rng.h"
#include "core/threads.h"
#include "datagen/dataset.h"
#include "metrics/metric.h"

namespace fb::bench {
namespace {

namespace fm = metrics;
constexpr std::int64_t kCodes = 10;

// images uint8 [n, P] -> P x `dim` fixed Gaussian projection of the pixels in [0, 1].
class Projection {
 public:
  Projection(std::int64_t pixels, std::int64_t dim, std::uint64_t seed) : w_(pixels, dim) {
    Rng rng(seed);
    for (Eigen::Index i = 0; i < w_.size(); ++i)
      w_.data()[i] = static_cast<float>(rng.normal() / std::sqrt(static_cast<double>(pixels)));
  }
  Eigen::MatrixXf operator()(const std::uint8_t* images, std::int64_t n) const {
    Eigen::Map<const Eigen::Matrix<std::uint8_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>
        x(images, n, w_.rows());
    return (x.cast<float>() * (1.0f / 255.0f)) * w_;
  }

 private:
  Eigen::MatrixXf w_;
};

void metric(benchmark::State& state, const std::string& name) {
  configure_threads(0);
  const auto dataset = data::open_dataset("dsprites", Json{{"count", 64}});
  const auto& ds = *dataset;
  // Generator metrics' codes are the dataset's varying factors, in order (dSprites: all but colour).
  std::vector<int> varying;
  for (int k = 0; k < ds.num_factors(); ++k)
    if (ds.factors()[k].size() > 1) varying.push_back(k);
  const auto kc = static_cast<std::int64_t>(varying.size());
  // The L2 score reads factor-aligned codes: one per varying factor.
  const std::int64_t dim = name == "l2" ? kc : kCodes;
  const Projection encoder_w(ds.image_bytes(), dim, 1), oracle_w(ds.image_bytes(), kc, 2);
  std::atomic<std::int64_t> images{0};

  fm::MetricInputs in;
  in.dataset = &ds;
  in.code_dim = dim;
  in.seed = 7;
  in.encode_mean = [&](const std::uint8_t* x, std::int64_t n, float* codes) {
    Eigen::Map<Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
        codes, n, dim) = encoder_w(x, n);
    images += n;
  };
  in.encode_sampled = in.encode_mean;
  // Generator metrics: codes [n, Kc] in [0, 1] on the factor grids -> classes -> the oracle's images,
  // and a squashed projection as the supervised factor encoder.
  in.generate = [&](const double* codes, const double*, std::int64_t n, std::uint8_t* out) {
    const int k = ds.num_factors();
    std::vector<std::int64_t> classes(static_cast<std::size_t>(n * k), 0);
    for (std::int64_t i = 0; i < n; ++i)
      for (std::int64_t c = 0; c < kc; ++c) {
        const int f = varying[static_cast<std::size_t>(c)];
        classes[i * k + f] =
            std::llround(codes[i * kc + c] * static_cast<double>(ds.factors()[f].size() - 1));
      }
    Rng unused(0);
    ds.render(classes.data(), n, unused, out);
    images += n;
  };
  in.oracle_encoder = [&](const std::uint8_t* x, std::int64_t n, double* out) {
    const Eigen::MatrixXf z = oracle_w(x, n);
    for (std::int64_t i = 0; i < n; ++i)
      for (std::int64_t c = 0; c < kc; ++c) out[i * kc + c] = 1.0 / (1.0 + std::exp(-z(i, c)));
  };

  const auto m = fm::make_metric(name);
  for (auto _ : state) benchmark::DoNotOptimize(m->evaluate(in));
  state.SetItemsProcessed(images.load());
}

}  // namespace

void register_metric_benchmarks() {
  for (const auto& name : fm::metric_registry().names())
    benchmark::RegisterBenchmark(("BM_Metric/" + name + "/full").c_str(), metric, name)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime()
        ->Iterations(1);
}

}  // namespace fb::bench
