// Resizing 8-bit pictures (the released datasets' images to 64x64), through OpenCV.
#pragma once

#include <cstdint>

namespace fb {

/// Resizes uint8 [h,w,c] (c = 1 or 3) `src` to [out_h,out_w,c] `out` by pixel-area averaging
/// (OpenCV INTER_AREA, the antialiased choice for shrinking; bilinear when enlarging).
void resize_area(const std::uint8_t* src, int h, int w, int c, int out_h, int out_w,
                 std::uint8_t* out);

}  // namespace fb
