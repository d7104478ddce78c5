// Deterministic random numbers, identical on every platform (no std:: distributions, whose output is
// implementation-defined). One generator per purpose, derived from the run seed and a purpose name.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace fb {

/// xoshiro256** seeded through SplitMix64. Copyable; its whole state is `state()` (for checkpoints).
class Rng {
 public:
  using State = std::array<std::uint64_t, 4>;

  explicit Rng(std::uint64_t seed = 0);
  /// A generator for one purpose ("data_order", "metric:mig", ...) derived from `seed`; independent streams.
  static Rng derive(std::uint64_t seed, std::string_view purpose);
  /// A generator for item `index` of a parallel loop, so results do not depend on the thread count.
  static Rng for_item(std::uint64_t seed, std::uint64_t index);

  std::uint64_t next_u64();
  /// Uniform in [0, 1) with 53 random bits.
  double uniform();
  /// Uniform in [lo, hi).
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  /// Uniform integer in [0, n), unbiased; n > 0.
  std::uint64_t below(std::uint64_t n);
  /// Standard normal (Marsaglia polar method; no cached second value, so state() is the whole state).
  double normal();

  const State& state() const { return s_; }
  void set_state(const State& s) { s_ = s; }

 private:
  State s_;
};

/// 64-bit FNV-1a of a string, for deriving seeds from names.
std::uint64_t hash_name(std::string_view text);
/// SplitMix64 finaliser: a strong bijective mix of a 64-bit value.
std::uint64_t mix64(std::uint64_t x);

}  // namespace fb
