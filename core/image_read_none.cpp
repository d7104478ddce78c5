// Built when OpenCV is not available: image reading is unsupported, with a message that says how to get it.
#include "core/error.h"
#include "core/image_io.h"

namespace fb {

bool can_read_images() { return false; }

Image read_image_rgb(const std::string& path) {
  throw ConfigError(path + ": reading images needs OpenCV (apt-get install libopencv-dev, then reconfigure with "
                    "-DFB_WITH_OPENCV=ON)");
}

}  // namespace fb
