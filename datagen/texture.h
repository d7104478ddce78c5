// The background texture of scream-dSprites (docs/protocols.md §1.2): a seeded procedural stand-in for the
// photograph of Munch's The Scream, or a user's picture thumbnailed to fit 350x274 like the original.
#pragma once

#include <cstdint>
#include <string>

#include "core/image_io.h"

namespace fb::data {

inline constexpr int kTextureHeight = 274, kTextureWidth = 220;

/// Smooth swirling colour fields, float-free uint8 RGB [274,220,3]; the same seed gives the same texture.
Image procedural_texture(std::uint64_t seed);
/// Reads `path` and shrinks it, keeping the aspect ratio, to fit 350 wide x 274 high
/// (box filter); images smaller than 64x64 after that are rejected.
Image texture_from_file(const std::string& path);

}  // namespace fb::data
