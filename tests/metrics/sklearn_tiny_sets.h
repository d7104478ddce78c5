// The deterministic code sets of sklearn_reference.py (tiny_set, tiny_udr), rebuilt in C++ so unit
// tests can compare against scikit-learn values computed once by that script.
#pragma once

#include <cstdint>
#include <vector>

#include "metrics/codes.h"
#include "metrics/udr.h"

namespace fb::test {

struct TinySplits {
  metrics::Codes train, test;        // [400, 4] and [200, 4] float32
  metrics::Factors train_f, test_f;  // [400, 2] and [200, 2]: 3 and 4 classes
};

inline double tiny_noise(std::int64_t i, std::int64_t mul, std::int64_t mod) {
  return static_cast<double>((i * mul) % mod) / static_cast<double>(mod) - 0.5;
}

/// Rows 0..399 train, 400..599 test: codes [f0 + 1.6·u0, f1 + 2·u1, (f0 + f1)/2 + u2, u0 + u1].
inline TinySplits tiny_set() {
  TinySplits s;
  s.train.resize(400, 4), s.test.resize(200, 4), s.train_f.resize(400, 2), s.test_f.resize(200, 2);
  for (std::int64_t i = 0; i < 600; ++i) {
    const std::int64_t f0 = i % 3, f1 = (i / 3) % 4;
    const double u0 = tiny_noise(i, 7919, 1000), u1 = tiny_noise(i, 104729, 997),
                 u2 = tiny_noise(i, 31337, 1009);
    metrics::Codes& c = i < 400 ? s.train : s.test;
    metrics::Factors& f = i < 400 ? s.train_f : s.test_f;
    const std::int64_t r = i < 400 ? i : i - 400;
    c(r, 0) = static_cast<float>(static_cast<double>(f0) + 1.6 * u0);
    c(r, 1) = static_cast<float>(static_cast<double>(f1) + 2.0 * u1);
    c(r, 2) =
        static_cast<float>(0.5 * static_cast<double>(f0) + 0.5 * static_cast<double>(f1) + u2);
    c(r, 3) = static_cast<float>(u0 + u1);
    f(r, 0) = f0;
    f(r, 1) = f1;
  }
  return s;
}

/// Three models on 200 shared points with sources a, b, c: [a, b, c + 0.1a] (KL 1, 1, 1),
/// [b + 0.2c, −a, 0.001c] (KL 1, 1, 0.005: the last latent is dead), [a + b, a − b, c] (KL 1, 0.5,
/// 1).
inline std::vector<metrics::UdrModel> tiny_udr() {
  std::vector<metrics::UdrModel> models(3);
  for (auto& m : models) m.mean.resize(200, 3);
  for (std::int64_t i = 0; i < 200; ++i) {
    const double a = tiny_noise(i, 7919, 1000), b = tiny_noise(i, 104729, 997),
                 c = tiny_noise(i, 31337, 1009);
    const double rows[3][3] = {
        {a, b, c + 0.1 * a}, {b + 0.2 * c, -a, 0.001 * c}, {a + b, a - b, c}};
    for (int m = 0; m < 3; ++m)
      for (int k = 0; k < 3; ++k) models[m].mean(i, k) = static_cast<float>(rows[m][k]);
  }
  models[0].kl = {1.0f, 1.0f, 1.0f};
  models[1].kl = {1.0f, 1.0f, 0.005f};
  models[2].kl = {1.0f, 0.5f, 1.0f};
  return models;
}

}  // namespace fb::test
