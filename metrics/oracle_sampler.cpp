#include "metrics/oracle_sampler.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "core/threads.h"

namespace fb::metrics {

namespace {
// Rendering block: each block of images gets its own nuisance generator, so results are independent
// of how the work is split over threads and encoder calls.
constexpr std::int64_t kRenderBlock = 64;
// Images rendered and encoded per encoder call; bounds memory for large colour images.
constexpr std::int64_t kEncodeChunk = 1024;
}  // namespace

std::vector<int> varying_factors(const data::Dataset& dataset) {
  std::vector<int> out;
  for (int k = 0; k < dataset.num_factors(); ++k)
    if (dataset.factors()[k].size() > 1) out.push_back(k);
  return out;
}

OracleSampler::OracleSampler(const data::Dataset& dataset, const Encoder& encode,
                             std::int64_t code_dim)
    : dataset_(dataset), encode_(encode), code_dim_(code_dim), varying_(varying_factors(dataset)) {
  if (varying_.empty())
    throw DataError("dataset '" + dataset.name() + "' has no factor with more than one class");
}

Codes OracleSampler::encode(const std::vector<std::int64_t>& classes, std::uint64_t seed) const {
  const std::int64_t K = dataset_.num_factors();
  const std::int64_t n = static_cast<std::int64_t>(classes.size()) / K;
  const std::int64_t bytes = dataset_.image_bytes();
  Codes codes(n, code_dim_);
  std::vector<std::uint8_t> images;
  for (std::int64_t start = 0; start < n; start += kEncodeChunk) {
    const std::int64_t count = std::min(kEncodeChunk, n - start);
    images.resize(static_cast<std::size_t>(count * bytes));
    const std::int64_t blocks = (count + kRenderBlock - 1) / kRenderBlock;
    parallel_for(blocks, [&](std::int64_t b0, std::int64_t b1) {
      for (std::int64_t b = b0; b < b1; ++b) {
        const std::int64_t first = b * kRenderBlock, m = std::min(kRenderBlock, count - first);
        Rng rng = Rng::for_item(seed, static_cast<std::uint64_t>((start + first) / kRenderBlock));
        dataset_.render(classes.data() + (start + first) * K, m, rng,
                        images.data() + first * bytes);
      }
    });
    encode_(images.data(), count, codes.data() + start * code_dim_);
  }
  if (!codes.allFinite()) throw NumericalError("the encoder returned a non-finite code");
  return codes;
}

std::vector<std::int64_t> OracleSampler::sample_factors(std::int64_t n, Rng& rng) const {
  return dataset_.sample_factors(n, rng);
}

Factors OracleSampler::varying_columns(const std::vector<std::int64_t>& classes) const {
  const std::int64_t K = dataset_.num_factors();
  const std::int64_t n = static_cast<std::int64_t>(classes.size()) / K;
  Factors out(n, static_cast<std::int64_t>(varying_.size()));
  for (std::int64_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < varying_.size(); ++j) out(i, j) = classes[i * K + varying_[j]];
  return out;
}

CodeSample OracleSampler::sample(std::int64_t n, std::uint64_t seed) const {
  Rng rng = Rng::derive(seed, "factors");
  std::vector<std::int64_t> classes = sample_factors(n, rng);
  CodeSample out;
  out.codes = encode(classes, mix64(seed ^ hash_name("nuisance")));
  out.factors = varying_columns(classes);
  return out;
}

GroupSample OracleSampler::sample_groups(std::int64_t groups, std::int64_t group_size, bool cyclic,
                                         std::uint64_t seed) const {
  const std::int64_t K = dataset_.num_factors();
  const std::uint64_t factor_seed = mix64(seed ^ hash_name("groups"));
  GroupSample out;
  out.group_size = group_size;
  out.factor.resize(static_cast<std::size_t>(groups));
  std::vector<std::int64_t> classes(static_cast<std::size_t>(groups * group_size * K));
  // One generator per group, so a group's factors do not depend on how many groups are drawn.
  parallel_for(groups, [&](std::int64_t g0, std::int64_t g1) {
    for (std::int64_t g = g0; g < g1; ++g) {
      Rng rng = Rng::for_item(factor_seed, static_cast<std::uint64_t>(g));
      const int f = cyclic ? static_cast<int>(g % static_cast<std::int64_t>(varying_.size()))
                           : static_cast<int>(rng.below(varying_.size()));
      out.factor[g] = f;
      std::vector<std::int64_t> block = sample_factors(group_size, rng);
      const int col = varying_[f];
      for (std::int64_t i = 1; i < group_size; ++i) block[i * K + col] = block[col];
      std::copy(block.begin(), block.end(), classes.begin() + g * group_size * K);
    }
  });
  out.codes = encode(classes, mix64(seed ^ hash_name("nuisance")));
  return out;
}

}  // namespace fb::metrics
