// Reading pictures (any format OpenCV's imread understands, converted to RGB) and resizing them.
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "core/error.h"
#include "core/image_io.h"
#include "core/image_resize.h"

namespace fb {

Image read_image_rgb(const std::string& path) {
  cv::Mat bgr = cv::imread(path, cv::IMREAD_COLOR);
  if (bgr.empty()) throw DataError(path + ": cannot read image (missing file or unknown format)");
  Image img;
  img.height = bgr.rows;
  img.width = bgr.cols;
  img.channels = 3;
  img.pixels.resize(static_cast<std::size_t>(img.height) * img.width * 3);
  for (int y = 0; y < bgr.rows; ++y)
    for (int x = 0; x < bgr.cols; ++x) {
      const auto& px = bgr.at<cv::Vec3b>(y, x);
      std::uint8_t* out = img.pixels.data() + (static_cast<std::size_t>(y) * img.width + x) * 3;
      out[0] = px[2];
      out[1] = px[1];
      out[2] = px[0];
    }
  return img;
}

void resize_area(const std::uint8_t* src, int h, int w, int c, int out_h, int out_w,
                 std::uint8_t* out) {
  const int type = c == 1 ? CV_8UC1 : CV_8UC3;
  const cv::Mat in(h, w, type, const_cast<std::uint8_t*>(src));
  cv::Mat dst(out_h, out_w, type, out);  // writes straight into `out`
  cv::resize(in, dst, dst.size(), 0, 0,
             out_h <= h && out_w <= w ? cv::INTER_AREA : cv::INTER_LINEAR);
}

}  // namespace fb
