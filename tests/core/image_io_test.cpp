#include "core/image_io.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace fb {
namespace {

TEST(ImageIo, PngHasSignatureAndHeader) {
  Image img{2, 3, 1, std::vector<std::uint8_t>(6, 255)};
  auto png = encode_png(img);
  ASSERT_GT(png.size(), 33u);
  EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  EXPECT_EQ(png.substr(12, 4), "IHDR");
  EXPECT_EQ(static_cast<unsigned char>(png[19]), 3u);  // width
  EXPECT_EQ(static_cast<unsigned char>(png[23]), 2u);  // height
}

TEST(ImageIo, RejectsTwoChannels) {
  Image img{1, 1, 2, std::vector<std::uint8_t>(2)};
  EXPECT_THROW(encode_png(img), ConfigError);
}

}  // namespace
}  // namespace fb
