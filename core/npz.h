// numpy's .npy arrays and .npz archives (a zip of NAME.npy members, as np.savez and
// np.savez_compressed write them), read without loading a member whole unless asked to.
//
// An .npy member is a header (magic "\x93NUMPY", version 1.0 with a uint16 header length or 2.0/3.0
// with a uint32 one, then a Python dict literal with 'descr', 'fortran_order' and 'shape') followed by
// the raw elements. Only little-endian or byte-sized element types in C order are read; the releases
// factorbench reads (dSprites, MPI3D) are all of that kind.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace fb::npy {

/// What an .npy header declares.
struct Header {
  std::string descr;  ///< numpy type string, e.g. "|u1", "<i8", "<f8"
  bool fortran_order = false;
  std::vector<std::int64_t> shape;
  std::uint64_t header_bytes = 0;  ///< bytes before the first element (magic + length + dict)
  /// Bytes per element, from descr (1, 2, 4 or 8).
  int item_size() const;
  /// Product of shape (1 for a scalar).
  std::int64_t count() const;
};

/// Parses the header at the start of `bytes` (`size` of them available). Throws DataError prefixed
/// with `where` on a bad magic, an unknown version, a header longer than what is available, or a dict
/// without a valid descr, fortran_order or shape.
Header parse_header(const std::uint8_t* bytes, std::size_t size, const std::string& where);

/// True when `head` (a file's first bytes) starts with a zip signature (local file header or, for an
/// empty archive, the end-of-central-directory record).
bool looks_like_zip(const std::string& head);

/// An open .npz archive. Reads of stored members seek, so any byte range of an array is read without
/// the rest; deflated members can only be read front to back. All calls are thread-safe (one lock).
class Npz {
 public:
  /// Opens `path`; DataError naming it when it is not a zip archive or is truncated/inconsistent.
  explicit Npz(const std::string& path);
  ~Npz();
  Npz(const Npz&) = delete;
  Npz& operator=(const Npz&) = delete;

  const std::string& path() const { return path_; }
  /// The arrays' names (members "NAME.npy" without the suffix), in archive order.
  std::vector<std::string> arrays() const;
  bool has(const std::string& array) const;
  /// The array's header, checked against the member's size: DataError when the member holds fewer
  /// (or more) bytes than the header's shape and type declare.
  Header header(const std::string& array) const;
  /// True when the member is stored uncompressed (then read_at seeks).
  bool seekable(const std::string& array) const;
  /// Reads `size` data bytes of `array` starting at data byte `offset` (0 = first element).
  /// Stored members seek; deflated ones are decompressed from the start on every call, so they
  /// should be read with read_all or read_stream instead. DataError on a short read.
  void read_at(const std::string& array, std::uint64_t offset, std::size_t size, void* out) const;
  /// Calls `sink(bytes, n)` with the whole data part of `array`, front to back in pieces of at most
  /// `piece` bytes (stored or deflated alike). DataError on a corrupt or short member.
  void read_stream(const std::string& array, std::size_t piece,
                   const std::function<void(const std::uint8_t*, std::size_t)>& sink) const;
  /// The whole array as T, converting from the stored integer/float type (e.g. "<i8" -> int64,
  /// "|u1" -> uint8). `expect_shape`: -1 matches any extent; DataError on a different rank/extent.
  template <class T>
  std::vector<T> read_all(const std::string& array,
                          const std::vector<std::int64_t>& expect_shape) const;

 private:
  struct Impl;
  std::string path_;
  std::unique_ptr<Impl> impl_;
  mutable std::mutex mutex_;
};

extern template std::vector<std::uint8_t> Npz::read_all(const std::string&,
                                                        const std::vector<std::int64_t>&) const;
extern template std::vector<std::int64_t> Npz::read_all(const std::string&,
                                                        const std::vector<std::int64_t>&) const;
extern template std::vector<double> Npz::read_all(const std::string&,
                                                  const std::vector<std::int64_t>&) const;

}  // namespace fb::npy
