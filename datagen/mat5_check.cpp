#include "datagen/mat5_check.h"

#include <zlib.h>

#include <cstdint>
#include <fstream>
#include <iterator>
#include <vector>

#include "core/error.h"

namespace fb::data {

namespace {

// MAT-file format (MathWorks, "MAT-File Format", v5): data types and array classes used below.
constexpr std::uint32_t kMiInt8 = 1, kMiInt32 = 5, kMiUint32 = 6, kMiMatrix = 14,
                        kMiCompressed = 15;
constexpr std::uint32_t kCell = 1, kStruct = 2, kObject = 3, kSparse = 5, kFunction = 16,
                        kOpaque = 17;
constexpr std::size_t kHeader = 128;
constexpr std::uint64_t kMaxInflated = std::uint64_t(1) << 30;
constexpr int kMaxDepth = 16;

class Walker {
 public:
  Walker(std::string path, bool swap) : path_(std::move(path)), swap_(swap) {}

  // The data elements in [p, p + n), each padded to 8 bytes except compressed ones.
  void elements(const std::uint8_t* p, std::size_t n, int depth) {
    if (depth > kMaxDepth) fail("variables nested deeper than " + std::to_string(kMaxDepth));
    while (n > 0) {
      std::uint32_t type, bytes;
      const std::uint8_t* body;
      const std::size_t used = tag(p, n, &type, &bytes, &body);
      if (type == kMiCompressed) {
        const std::vector<std::uint8_t> plain = inflate(body, bytes);
        elements(plain.data(), plain.size(), depth + 1);
      } else if (type == kMiMatrix) {
        matrix(body, bytes, depth);
      }
      p += used;
      n -= used;
    }
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw DataError(path_ + ": not a readable MAT file (" + what + ")");
  }

  std::uint32_t u32(const std::uint8_t* p) const {
    const std::uint32_t le = std::uint32_t(p[0]) | (std::uint32_t(p[1]) << 8) |
                             (std::uint32_t(p[2]) << 16) | (std::uint32_t(p[3]) << 24);
    return swap_ ? __builtin_bswap32(le) : le;
  }

  // Reads the tag at p (n bytes available): its type, its data size and where the data starts.
  // Returns the bytes the whole element takes, padding included (clamped at the end of the span).
  std::size_t tag(const std::uint8_t* p, std::size_t n, std::uint32_t* type, std::uint32_t* bytes,
                  const std::uint8_t** body) const {
    if (n < 8) fail("truncated data element");
    const std::uint32_t first = u32(p);
    if ((first >> 16) !=
        0) {  // small element: size in the upper half, data in the tag's second word
      *type = first & 0xffff;
      *bytes = first >> 16;
      if (*bytes > 4) fail("small data element of " + std::to_string(*bytes) + " bytes");
      *body = p + 4;
      return 8;
    }
    *type = first;
    *bytes = u32(p + 4);
    if (*bytes > n - 8)
      fail("data element declares " + std::to_string(*bytes) + " bytes, " + std::to_string(n - 8) +
           " remain");
    *body = p + 8;
    std::size_t used = 8 + std::size_t{*bytes};
    if (*type != kMiCompressed) used += (8 - used % 8) % 8;
    return std::min(used, n);
  }

  std::vector<std::uint8_t> inflate(const std::uint8_t* p, std::size_t n) const {
    z_stream z{};
    if (inflateInit(&z) != Z_OK) fail("zlib cannot start");
    std::vector<std::uint8_t> out;
    z.next_in = const_cast<std::uint8_t*>(p);
    z.avail_in = static_cast<uInt>(n);
    int rc = Z_OK;
    while (rc == Z_OK) {
      if (out.size() >= kMaxInflated) {
        inflateEnd(&z);
        fail("a compressed variable inflates past 1 GiB");
      }
      const std::size_t at = out.size();
      out.resize(at + (std::size_t(1) << 16));
      z.next_out = out.data() + at;
      z.avail_out = 1 << 16;
      rc = ::inflate(&z, Z_NO_FLUSH);
      out.resize(out.size() - z.avail_out);
      if (rc == Z_BUF_ERROR && z.avail_in == 0) break;  // the stream stops early: truncated
    }
    inflateEnd(&z);
    if (rc != Z_STREAM_END) fail("corrupt or truncated compressed variable");
    return out;
  }

  // One miMATRIX element's contents: flags, dimensions, name, then the class's parts.
  void matrix(const std::uint8_t* p, std::size_t n, int depth) {
    if (n == 0) return;  // an empty cell or field
    std::uint32_t type, bytes;
    const std::uint8_t* body;
    std::size_t used = tag(p, n, &type, &bytes, &body);
    if (type != kMiUint32 || bytes != 8) fail("variable without array flags");
    const std::uint32_t cls = u32(body) & 0xff, nzmax = u32(body + 4);
    p += used, n -= used;
    used = tag(p, n, &type, &bytes, &body);
    if (type != kMiInt32 || bytes < 8 || bytes % 4 != 0) fail("variable without dimensions");
    std::uint64_t count = 1;
    for (std::uint32_t i = 0; i < bytes / 4; ++i) {
      const std::uint32_t d = u32(body + 4 * i);
      if (d > 0x7fffffff) fail("negative dimension");
      count *= d;
      if (count > kMaxInflated) fail("dimensions declare over 2^30 elements");
    }
    p += used, n -= used;
    used = tag(p, n, &type, &bytes, &body);  // the name (miINT8)
    if (type != kMiInt8) fail("variable without a name");
    p += used, n -= used;
    if (cls == kSparse || cls == kFunction || cls == kOpaque)
      fail("sparse, function and opaque variables are not read");
    if (cls == kCell || cls == kStruct || cls == kObject) {
      std::uint64_t fields = 1;
      if (cls != kCell) {
        if (cls == kObject) {  // the class name
          used = tag(p, n, &type, &bytes, &body);
          p += used, n -= used;
        }
        used = tag(p, n, &type, &bytes, &body);  // field name length
        if (type != kMiInt32 || bytes != 4) fail("struct without a field name length");
        const std::uint32_t length = u32(body);
        p += used, n -= used;
        used = tag(p, n, &type, &bytes, &body);  // the field names
        if (type != kMiInt8 || (bytes > 0 && (length == 0 || bytes % length != 0)))
          fail("struct field names do not match their length");
        fields = length == 0 ? 0 : bytes / length;
        p += used, n -= used;
      }
      // Every cell (or field of every element) is a data element of at least its 8-byte tag.
      if (count * fields > n / 8) fail("a cell or struct declares more parts than its bytes hold");
      elements(p, n, depth + 1);
      return;
    }
    (void)nzmax;
    // Numeric, character and logical data: each element is stored in at least one byte.
    std::uint64_t stored = 0;
    while (n > 0) {
      used = tag(p, n, &type, &bytes, &body);
      stored = std::max<std::uint64_t>(stored, bytes);
      p += used, n -= used;
    }
    if (count > stored) fail("dimensions declare more elements than are stored");
  }

  std::string path_;
  bool swap_;
};

}  // namespace

void check_mat5(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw DataError(path + ": cannot open");
  const std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                                        std::istreambuf_iterator<char>());
  if (bytes.size() < kHeader ||
      !((bytes[126] == 'I' && bytes[127] == 'M') || (bytes[126] == 'M' && bytes[127] == 'I')))
    throw DataError(path + ": not a MATLAB v5 file (no 128-byte header ending in IM or MI)");
  const bool swap = bytes[126] == 'M';
  const std::uint16_t version =
      swap ? (bytes[124] << 8) | bytes[125] : bytes[124] | (bytes[125] << 8);
  if (version != 0x0100)
    throw DataError(path + ": MAT file version " + std::to_string(version) +
                    " (only v5/v7 files, version 0x0100, are read)");
  Walker(path, swap).elements(bytes.data() + kHeader, bytes.size() - kHeader, 0);
}

}  // namespace fb::data
