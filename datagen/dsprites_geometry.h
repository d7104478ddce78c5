// dSprites geometry (docs/protocols.md §1.1): the factor grid, the three shapes and the raster rule.
// Pixel (col i, row j) covers [i, i+1) x [j, j+1); a pixel is on iff its centre lies inside the shape.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "datagen/dataset.h"

namespace fb::data::dsprites {

inline constexpr int kSize = 64;  ///< images are 64x64
inline constexpr int kNumFactors = 6;
/// color, shape, scale, orientation, posX, posY (file column order; posY fastest).
inline constexpr std::array<std::int64_t, kNumFactors> kFactorSizes = {1, 3, 6, 40, 32, 32};
inline constexpr std::int64_t kNumImages = 737280;
enum Shape { kSquare = 0, kEllipse = 1, kHeart = 2 };

/// numpy.linspace(start, stop, n): value i = start + i*((stop-start)/(n-1)), last exactly `stop`.
std::vector<double> linspace(double start, double stop, int n);
/// The six factors with their names and values, as in the release.
std::vector<Factor> factors();
/// Flat image index of a class vector (int64 [6]), C order with posY fastest.
std::int64_t flat_index(const std::int64_t* classes);
/// Inverse of flat_index.
void classes_of(std::int64_t index, std::int64_t* classes);

/// Rasterises one sprite (0/1) into `out` (uint8 [64,64], fully overwritten).
void render_mask(int shape, double scale, double orientation, double pos_x, double pos_y,
                 std::uint8_t* out);
/// Rasterises the sprite for a class vector (int64 [6]).
void render_mask(const std::int64_t* classes, std::uint8_t* out);

/// True when the point (u, v), in shape-local pixel units at scale 1 (x right, y down), is inside `shape`.
bool inside(int shape, double u, double v);

}  // namespace fb::data::dsprites
