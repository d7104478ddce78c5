// The 10-factor toy set the metric registry walks run on, with every function a metric may ask for:
// the identity and constant encoders, a generator (normalised codes -> bars) and an oracle encoder
// (bars -> codes). Each registered metric's declared walk config is sized for it.
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

#include "core/rng.h"
#include "metrics/metric.h"
#include "tests/metrics/toy_encoder.h"

namespace fb::test {

struct ToyWorld {
  ToyDataset ds{{2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 32, 32, 1, 16};
  metrics::Encoder identity = identity_encoder(ds);
  metrics::Encoder constant = constant_encoder(10);
  metrics::Generator generate = [this](const double* c, const double*, std::int64_t n,
                                       std::uint8_t* images) {
    const int K = ds.num_factors();
    std::vector<std::int64_t> classes(static_cast<std::size_t>(n * K));
    for (std::int64_t i = 0; i < n * K; ++i)
      classes[i] = std::llround(c[i] * double(ds.factors()[i % K].size() - 1));
    Rng unused(0);
    ds.render(classes.data(), n, unused, images);
  };
  metrics::OracleEncoder oracle = [this](const std::uint8_t* images, std::int64_t n, double* out) {
    std::vector<float> z(static_cast<std::size_t>(n * 10));
    identity(images, n, z.data());
    for (std::int64_t i = 0; i < n * 10; ++i) out[i] = z[i];
  };

  /// Inputs with every torch-free part set: encoder `enc`, the generator and the oracle.
  metrics::MetricInputs inputs(const metrics::Encoder& enc, metrics::Protocol p) const {
    metrics::MetricInputs in;
    in.dataset = &ds;
    in.encode_mean = enc;
    in.code_dim = 10;
    in.protocol = p;
    in.seed = 11;
    in.generate = generate;
    in.oracle_encoder = oracle;
    return in;
  }
};

}  // namespace fb::test
