#include "core/npz.h"

#include <zip.h>

#include <algorithm>
#include <cstring>
#include <limits>
#include <map>
#include <type_traits>

#include "core/error.h"

namespace fb::npy {

namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr std::size_t kMagicSize = 6;
// numpy itself refuses headers over 10,000 bytes unless asked; a hostile file must not make us read
// more than this before it is judged.
constexpr std::size_t kMaxHeader = 1 << 16;

// Position just after `key` (quoted with ' or ") and the ':' that follows it, or npos.
std::size_t after_key(const std::string& dict, const std::string& key) {
  for (const char q : {'\'', '"'}) {
    const auto at = dict.find(std::string(1, q) + key + q);
    if (at == std::string::npos) continue;
    auto p = dict.find_first_not_of(" \t", at + key.size() + 2);
    if (p != std::string::npos && dict[p] == ':') return dict.find_first_not_of(" \t", p + 1);
  }
  return std::string::npos;
}

}  // namespace

int Header::item_size() const {
  // descr = byte order ('<', '>', '|', '=') + kind + size, e.g. "<f8".
  return descr.size() >= 3 ? std::atoi(descr.c_str() + 2) : 0;
}

std::int64_t Header::count() const {
  std::int64_t n = 1;
  for (auto d : shape) n *= d;
  return n;
}

Header parse_header(const std::uint8_t* bytes, std::size_t size, const std::string& where) {
  if (size < kMagicSize + 4 || std::memcmp(bytes, kMagic, kMagicSize) != 0)
    throw DataError(where + ": not an .npy array (bad magic number)");
  const int major = bytes[6];
  std::uint64_t length = 0, start = 0;
  if (major == 1) {
    length = bytes[8] | (std::uint64_t(bytes[9]) << 8);
    start = 10;
  } else if (major == 2 || major == 3) {
    if (size < 12) throw DataError(where + ": truncated .npy header");
    length = bytes[8] | (std::uint64_t(bytes[9]) << 8) | (std::uint64_t(bytes[10]) << 16) |
             (std::uint64_t(bytes[11]) << 24);
    start = 12;
  } else {
    throw DataError(where + ": unknown .npy version " + std::to_string(major));
  }
  if (length > kMaxHeader || start + length > size)
    throw DataError(where + ": truncated .npy header (declares " + std::to_string(length) +
                    " bytes)");
  const std::string dict(reinterpret_cast<const char*>(bytes) + start, length);
  Header h;
  h.header_bytes = start + length;
  const auto bad = [&](const std::string& what) {
    return DataError(where + ": .npy header: " + what + " in " + dict.substr(0, 120));
  };

  auto p = after_key(dict, "descr");
  if (p == std::string::npos || (dict[p] != '\'' && dict[p] != '"')) throw bad("no 'descr'");
  const auto close = dict.find(dict[p], p + 1);
  if (close == std::string::npos) throw bad("unterminated 'descr'");
  h.descr = dict.substr(p + 1, close - p - 1);
  const std::string kinds = "uifb";
  if (h.descr.size() != 3 || std::string("<>|=").find(h.descr[0]) == std::string::npos ||
      kinds.find(h.descr[1]) == std::string::npos ||
      (h.item_size() != 1 && h.item_size() != 2 && h.item_size() != 4 && h.item_size() != 8))
    throw bad("unsupported element type '" + h.descr + "'");
  if (h.descr[0] == '>' && h.item_size() > 1)
    throw bad("big-endian element type '" + h.descr + "'");

  p = after_key(dict, "fortran_order");
  if (p == std::string::npos) throw bad("no 'fortran_order'");
  if (dict.compare(p, 4, "True") == 0) {
    h.fortran_order = true;
  } else if (dict.compare(p, 5, "False") != 0) {
    throw bad("'fortran_order' is neither True nor False");
  }

  p = after_key(dict, "shape");
  if (p == std::string::npos || dict[p] != '(') throw bad("no 'shape' tuple");
  const auto end = dict.find(')', p);
  if (end == std::string::npos) throw bad("unterminated 'shape'");
  std::int64_t total = 1;
  for (std::size_t i = p + 1; i < end;) {
    if (dict[i] == ' ' || dict[i] == ',' || dict[i] == 'L') {
      ++i;
      continue;
    }
    if (dict[i] < '0' || dict[i] > '9') throw bad("'shape' holds a non-integer");
    std::int64_t v = 0;
    for (; i < end && dict[i] >= '0' && dict[i] <= '9'; ++i) {
      if (v > (std::numeric_limits<std::int64_t>::max() - 9) / 10) throw bad("'shape' overflows");
      v = v * 10 + (dict[i] - '0');
    }
    if (v > 0 && total > std::numeric_limits<std::int64_t>::max() / 8 / v)
      throw bad("'shape' overflows");
    total *= v;
    h.shape.push_back(v);
  }
  return h;
}

bool looks_like_zip(const std::string& head) {
  return head.rfind("PK\x03\x04", 0) == 0 || head.rfind("PK\x05\x06", 0) == 0;
}

struct Npz::Impl {
  zip_t* zip = nullptr;
  std::map<std::string, zip_uint64_t> index;  // array name -> member index
  std::vector<std::string> names;
  std::map<std::string, Header> headers;
  std::map<std::string, zip_file_t*> open;  // stored members kept open for seeking

  ~Impl() {
    for (auto& [name, f] : open) zip_fclose(f);
    if (zip != nullptr) zip_discard(zip);
  }
};

namespace {

std::string zip_message(int code) {
  zip_error_t e;
  zip_error_init_with_code(&e, code);
  std::string out = zip_error_strerror(&e);
  zip_error_fini(&e);
  return out;
}

// Reads up to `size` bytes from `f`; returns how many (short only at the member's end).
std::size_t read_some(zip_file_t* f, void* out, std::size_t size, const std::string& where) {
  std::size_t got = 0;
  while (got < size) {
    const zip_int64_t n = zip_fread(f, static_cast<char*>(out) + got, size - got);
    if (n < 0) throw DataError(where + ": " + zip_file_strerror(f) + " (corrupt or truncated)");
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  return got;
}

}  // namespace

Npz::Npz(const std::string& path) : path_(path), impl_(std::make_unique<Impl>()) {
  int code = 0;
  // ZIP_CHECKCONS compares the central directory with the local headers: a truncated download fails
  // here, not halfway through a training run.
  impl_->zip = zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &code);
  if (impl_->zip == nullptr)
    throw DataError(path + ": not a readable .npz (zip) archive: " + zip_message(code));
  const zip_int64_t n = zip_get_num_entries(impl_->zip, 0);
  for (zip_int64_t i = 0; i < n; ++i) {
    const char* name = zip_get_name(impl_->zip, static_cast<zip_uint64_t>(i), 0);
    if (name == nullptr) continue;
    std::string s(name);
    if (s.size() > 4 && s.compare(s.size() - 4, 4, ".npy") == 0) s.resize(s.size() - 4);
    impl_->index[s] = static_cast<zip_uint64_t>(i);
    impl_->names.push_back(s);
  }
}

Npz::~Npz() = default;

std::vector<std::string> Npz::arrays() const { return impl_->names; }

bool Npz::has(const std::string& array) const { return impl_->index.count(array) > 0; }

Header Npz::header(const std::string& array) const {
  std::lock_guard<std::mutex> lock(mutex_);
  const std::string where = path_ + ": " + array;
  if (auto it = impl_->headers.find(array); it != impl_->headers.end()) return it->second;
  const auto idx = impl_->index.find(array);
  if (idx == impl_->index.end()) throw DataError(path_ + ": no array '" + array + "'");
  zip_stat_t st;
  if (zip_stat_index(impl_->zip, idx->second, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE))
    throw DataError(where + ": cannot stat the member: " + zip_strerror(impl_->zip));
  zip_file_t* f = zip_fopen_index(impl_->zip, idx->second, 0);
  if (f == nullptr)
    throw DataError(where + ": cannot open the member: " + zip_strerror(impl_->zip));
  std::vector<std::uint8_t> head(std::min<std::uint64_t>(st.size, kMaxHeader + 12));
  std::size_t got = 0;
  try {
    got = read_some(f, head.data(), head.size(), where);
  } catch (...) {
    zip_fclose(f);
    throw;
  }
  zip_fclose(f);
  Header h = parse_header(head.data(), got, where);
  if (h.fortran_order) throw DataError(where + ": Fortran-order arrays are not read");
  const std::uint64_t want = h.header_bytes + static_cast<std::uint64_t>(h.count()) *
                                                  static_cast<std::uint64_t>(h.item_size());
  if (st.size != want)
    throw DataError(where + ": holds " +
                    std::to_string(st.size - std::min(st.size, h.header_bytes)) +
                    " data bytes but its shape and type declare " +
                    std::to_string(want - h.header_bytes) + " (wrong element count)");
  impl_->headers[array] = h;
  return h;
}

bool Npz::seekable(const std::string& array) const {
  const auto idx = impl_->index.find(array);
  if (idx == impl_->index.end()) throw DataError(path_ + ": no array '" + array + "'");
  std::lock_guard<std::mutex> lock(mutex_);
  zip_stat_t st;
  return zip_stat_index(impl_->zip, idx->second, 0, &st) == 0 &&
         (st.valid & ZIP_STAT_COMP_METHOD) && st.comp_method == ZIP_CM_STORE &&
         (!(st.valid & ZIP_STAT_ENCRYPTION_METHOD) || st.encryption_method == ZIP_EM_NONE);
}

void Npz::read_at(const std::string& array, std::uint64_t offset, std::size_t size,
                  void* out) const {
  const Header h = header(array);
  const std::string where = path_ + ": " + array;
  const std::uint64_t data = static_cast<std::uint64_t>(h.count()) * h.item_size();
  if (offset > data || size > data - offset)
    throw DataError(where + ": read past the end of the array");
  if (!seekable(array)) {  // deflated: decompress up to the range (slow; callers avoid it)
    std::uint64_t pos = 0;
    read_stream(array, 1 << 16, [&](const std::uint8_t* bytes, std::size_t n) {
      const std::uint64_t lo = std::max(pos, offset), hi = std::min(pos + n, offset + size);
      if (lo < hi)
        std::memcpy(static_cast<char*>(out) + (lo - offset), bytes + (lo - pos), hi - lo);
      pos += n;
    });
    return;
  }
  std::lock_guard<std::mutex> lock(mutex_);
  zip_file_t*& f = impl_->open[array];
  if (f == nullptr) f = zip_fopen_index(impl_->zip, impl_->index.at(array), 0);
  if (f == nullptr)
    throw DataError(where + ": cannot open the member: " + zip_strerror(impl_->zip));
  if (zip_fseek(f, static_cast<zip_int64_t>(h.header_bytes + offset), SEEK_SET) != 0)
    throw DataError(where + ": cannot seek: " + zip_file_strerror(f));
  if (read_some(f, out, size, where) != size)
    throw DataError(where + ": short read (truncated archive)");
}

void Npz::read_stream(const std::string& array, std::size_t piece,
                      const std::function<void(const std::uint8_t*, std::size_t)>& sink) const {
  const Header h = header(array);
  const std::string where = path_ + ": " + array;
  std::uint64_t left = static_cast<std::uint64_t>(h.count()) * h.item_size();
  std::vector<std::uint8_t> buf(std::max<std::size_t>(piece, h.header_bytes));
  zip_file_t* f = nullptr;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    f = zip_fopen_index(impl_->zip, impl_->index.at(array), 0);
    if (f == nullptr)
      throw DataError(where + ": cannot open the member: " + zip_strerror(impl_->zip));
  }
  try {
    std::lock_guard<std::mutex> lock(mutex_);
    if (read_some(f, buf.data(), h.header_bytes, where) != h.header_bytes)
      throw DataError(where + ": short read (truncated archive)");
  } catch (...) {
    zip_fclose(f);
    throw;
  }
  try {
    while (left > 0) {
      const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(left, piece));
      std::size_t got;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        got = read_some(f, buf.data(), want, where);
      }
      if (got != want) throw DataError(where + ": short read (truncated archive)");
      sink(buf.data(), got);
      left -= got;
    }
  } catch (...) {
    zip_fclose(f);
    throw;
  }
  zip_fclose(f);
}

template <class T>
std::vector<T> Npz::read_all(const std::string& array,
                             const std::vector<std::int64_t>& expect_shape) const {
  const Header h = header(array);
  const std::string where = path_ + ": " + array;
  bool ok = h.shape.size() == expect_shape.size();
  for (std::size_t i = 0; ok && i < h.shape.size(); ++i)
    ok = expect_shape[i] < 0 || expect_shape[i] == h.shape[i];
  if (!ok) {
    auto show = [](const std::vector<std::int64_t>& s) {
      std::string out = "(";
      for (std::size_t i = 0; i < s.size(); ++i)
        out += (i ? ", " : "") + (s[i] < 0 ? std::string("N") : std::to_string(s[i]));
      return out + ")";
    };
    throw DataError(where + ": shape " + show(h.shape) + ", expected " + show(expect_shape));
  }
  const char kind = h.descr[1];
  const int size = h.item_size();
  if (kind == 'f' && std::is_integral<T>::value)
    throw DataError(where + ": holds floats ('" + h.descr + "'), expected integers");
  std::vector<T> out(static_cast<std::size_t>(h.count()));
  std::size_t at = 0;
  auto convert = [&](const std::uint8_t* p) -> T {
    // Little-endian (or single-byte) elements: assemble the bits, then reinterpret.
    std::uint64_t bits = 0;
    for (int b = 0; b < size; ++b) bits |= std::uint64_t(p[b]) << (8 * b);
    if (kind == 'f') {
      if (size == 8) {
        double d;
        std::memcpy(&d, &bits, 8);
        return static_cast<T>(d);
      }
      if (size == 4) {
        float fl;
        std::uint32_t b32 = static_cast<std::uint32_t>(bits);
        std::memcpy(&fl, &b32, 4);
        return static_cast<T>(fl);
      }
      throw DataError(where + ": unsupported float size in '" + h.descr + "'");
    }
    if (kind == 'i' && size < 8 && (bits >> (8 * size - 1)) & 1)
      bits |= ~std::uint64_t(0) << (8 * size);  // sign-extend
    return static_cast<T>(static_cast<std::int64_t>(bits));
  };
  // Pieces of 2^20 bytes hold whole elements (sizes are 1, 2, 4 or 8 and the data is whole elements).
  read_stream(array, 1 << 20, [&](const std::uint8_t* bytes, std::size_t n) {
    if (size == 1 && kind != 'i' && sizeof(T) == 1) {
      std::memcpy(out.data() + at, bytes, n);
      at += n;
      return;
    }
    for (std::size_t i = 0; i < n; i += size) out[at++] = convert(bytes + i);
  });
  return out;
}

template std::vector<std::uint8_t> Npz::read_all(const std::string&,
                                                 const std::vector<std::int64_t>&) const;
template std::vector<std::int64_t> Npz::read_all(const std::string&,
                                                 const std::vector<std::int64_t>&) const;
template std::vector<double> Npz::read_all(const std::string&,
                                           const std::vector<std::int64_t>&) const;

}  // namespace fb::npy
