#include "core/image_io.h"

#include <zlib.h>

#include "core/atomic_output.h"
#include "core/error.h"

namespace fb {

namespace {
void put_u32(std::string& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((v >> shift) & 0xff));
}

void put_chunk(std::string& out, const char* type, const std::string& data) {
  put_u32(out, static_cast<std::uint32_t>(data.size()));
  std::string body = std::string(type, 4) + data;
  out += body;
  put_u32(out, static_cast<std::uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(body.data()),
                                                static_cast<uInt>(body.size()))));
}
}  // namespace

std::string encode_png(const Image& img) {
  if (img.channels != 1 && img.channels != 3)
    throw ConfigError("PNG output supports 1 or 3 channels (got " + std::to_string(img.channels) +
                      ")");
  // Each scanline is prefixed with filter type 0 (none).
  std::size_t row = static_cast<std::size_t>(img.width) * img.channels;
  std::string raw;
  raw.reserve((row + 1) * img.height);
  for (int y = 0; y < img.height; ++y) {
    raw.push_back('\0');
    raw.append(reinterpret_cast<const char*>(img.pixels.data() + y * row), row);
  }
  uLongf size = compressBound(static_cast<uLong>(raw.size()));
  std::string z(size, '\0');
  if (compress2(reinterpret_cast<Bytef*>(z.data()), &size,
                reinterpret_cast<const Bytef*>(raw.data()), static_cast<uLong>(raw.size()),
                6) != Z_OK)
    throw Error("PNG compression failed");
  z.resize(size);

  std::string out("\x89PNG\r\n\x1a\n", 8);
  std::string ihdr;
  put_u32(ihdr, static_cast<std::uint32_t>(img.width));
  put_u32(ihdr, static_cast<std::uint32_t>(img.height));
  ihdr.push_back(8);                          // bit depth
  ihdr.push_back(img.channels == 1 ? 0 : 2);  // colour type: grey or RGB
  ihdr.append(std::string("\0\0\0", 3));      // compression, filter, interlace
  put_chunk(out, "IHDR", ihdr);
  put_chunk(out, "IDAT", z);
  put_chunk(out, "IEND", "");
  return out;
}

void write_png(const std::string& path, const Image& image) {
  write_file_atomic(path, encode_png(image));
}

}  // namespace fb
