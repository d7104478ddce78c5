#include "engine/labelled_set.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/error.h"
#include "core/rng.h"

namespace fb::engine {

torch::Tensor LabelledSet::images_at(const torch::Tensor& rows) const {
  return images.index_select(0, rows).to(torch::kFloat32).mul_(pixel_scale);
}

LabelledSet make_labelled_set(const data::Dataset& dataset, double fraction, std::uint64_t seed,
                              torch::Device device) {
  if (!(fraction > 0 && fraction <= 1))
    throw ConfigError("labelled_fraction: must be in (0, 1] (got " + std::to_string(fraction) +
                      ")");
  const std::int64_t n = dataset.size(), k = dataset.num_factors();
  if (n < 1) throw DataError(dataset.name() + ": no held images to label");
  const auto count =
      std::clamp<std::int64_t>(std::llround(fraction * static_cast<double>(n)), 1, n);
  std::vector<std::int64_t> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), 0);
  Rng rng(seed);
  for (std::int64_t i = 0; i < count; ++i)
    std::swap(order[i], order[i + static_cast<std::int64_t>(rng.below(n - i))]);
  LabelledSet set;
  set.indices.assign(order.begin(), order.begin() + count);
  std::sort(set.indices.begin(), set.indices.end());

  // Gathered straight into a tensor that owns its bytes (a from_blob view of a local buffer would
  // outlive it: for C = 1 the NCHW permute is already contiguous, so no copy would be made).
  torch::Tensor nhwc =
      torch::empty({count, dataset.height(), dataset.width(), dataset.channels()}, torch::kUInt8);
  dataset.gather(set.indices, nhwc.data_ptr<std::uint8_t>());
  set.images = nhwc.permute({0, 3, 1, 2}).contiguous().to(device);
  auto classes = torch::empty({count, k}, torch::kInt64);
  auto* out = classes.data_ptr<std::int64_t>();
  for (std::int64_t i = 0; i < count; ++i)
    std::copy_n(dataset.classes() + set.indices[i] * k, k, out + i * k);
  set.classes = classes.to(device);
  set.pixel_scale = dataset.pixel_scale();
  return set;
}

}  // namespace fb::engine
