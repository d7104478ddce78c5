// Image files: PNG writing (zlib only) and reading any common format through OpenCV.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace fb {

/// An 8-bit image, row-major HWC.
struct Image {
  int height = 0, width = 0, channels = 0;
  std::vector<std::uint8_t> pixels;  ///< [H, W, C] uint8
};

/// Encodes an 8-bit grey (C=1), RGB (C=3) image as PNG bytes.
std::string encode_png(const Image& image);
/// Writes a PNG atomically; throws DataError naming the path.
void write_png(const std::string& path, const Image& image);
/// Reads an image file as RGB (C=3); throws DataError naming the path when it cannot.
Image read_image_rgb(const std::string& path);

}  // namespace fb
