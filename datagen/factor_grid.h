// A picture of a dataset: one row per factor, sweeping that factor's values with the others fixed.
#pragma once

#include <cstdint>

#include "core/image_io.h"
#include "datagen/dataset.h"

namespace fb::data {

/// RGB image with one row per factor of more than one value; each row shows up to `columns` evenly
/// spaced values of that factor on a base observation drawn with `seed` (rendered by the oracle).
Image factor_grid(const Dataset& dataset, int columns, std::uint64_t seed);

}  // namespace fb::data
