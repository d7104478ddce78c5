// A small RAII layer over the HDF5 C API: files, groups, chunked + gzip datasets, attributes, hyperslab
// (row-range) reads and writes, and direct chunk writes for pre-compressed data.
// Every object is created with time-tracking off, so the same command writes a byte-identical file.
// Every failure throws fb::DataError naming the file and the object.
#pragma once

#include <hdf5.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/error.h"

namespace fb::h5 {

/// Owns one HDF5 identifier and closes it with the right H5*close.
class Id {
 public:
  Id() = default;
  explicit Id(hid_t id) : id_(id) {}
  Id(const Id&) = delete;
  Id& operator=(const Id&) = delete;
  Id(Id&& o) noexcept : id_(o.id_) { o.id_ = -1; }
  Id& operator=(Id&& o) noexcept;
  ~Id();
  hid_t get() const { return id_; }
  bool valid() const { return id_ >= 0; }
  /// Gives up ownership without closing.
  hid_t release() {
    hid_t id = id_;
    id_ = -1;
    return id;
  }

 private:
  hid_t id_ = -1;
};

/// Element types used in factorbench files.
enum class Type { kU8, kI64, kF32, kF64 };

template <class T>
constexpr Type type_of();
template <>
constexpr Type type_of<std::uint8_t>() {
  return Type::kU8;
}
template <>
constexpr Type type_of<std::int64_t>() {
  return Type::kI64;
}
template <>
constexpr Type type_of<float>() {
  return Type::kF32;
}
template <>
constexpr Type type_of<double>() {
  return Type::kF64;
}

const char* type_name(Type t);

/// One dataset of an open file.
class Dataset {
 public:
  Dataset(Id id, std::string file, std::string name);

  const std::string& name() const { return name_; }
  std::vector<std::int64_t> dims() const;
  /// The stored element type; throws DataError for types factorbench does not read.
  Type type() const;
  /// Throws DataError "<file>: /<name>: expected <type> with shape [...]" unless type and shape match;
  /// -1 in `dims` matches any extent.
  void expect(Type type, const std::vector<std::int64_t>& dims) const;

  /// Writes rows [start, start+count) along the first dimension; `data` holds count * row elements.
  template <class T>
  void write_rows(std::int64_t start, std::int64_t count, const T* data) {
    io_rows(start, count, const_cast<T*>(data), type_of<T>(), /*write=*/true);
  }
  template <class T>
  void read_rows(std::int64_t start, std::int64_t count, T* data) const {
    const_cast<Dataset*>(this)->io_rows(start, count, data, type_of<T>(), /*write=*/false);
  }
  template <class T>
  void write(const std::vector<T>& data) {
    write_rows(0, dims().empty() ? 1 : dims()[0], data.data());
  }
  /// Reads the whole dataset (converting to T if the stored type differs, as HDF5 does).
  template <class T>
  std::vector<T> read() const {
    std::int64_t n = 1;
    for (auto d : dims()) n *= d;
    std::vector<T> out(static_cast<std::size_t>(n));
    read_rows(0, dims().empty() ? 1 : dims()[0], out.data());
    return out;
  }

  /// Reads the whole uint8 dataset into `out`. When it is chunked along the first dimension only and
  /// gzip-compressed, chunks are read raw and inflated on all threads (HDF5 itself inflates on one);
  /// otherwise falls back to an ordinary read.
  void read_all_u8_parallel(std::uint8_t* out) const;

  /// Writes one already-deflated chunk at element offset `offset` (bypasses the filter pipeline; the
  /// bytes must be exactly what the dataset's gzip filter would produce).
  void write_chunk(const std::vector<std::int64_t>& offset, const void* bytes, std::size_t size);

 private:
  void io_rows(std::int64_t start, std::int64_t count, void* data, Type type, bool write);

  Id id_;
  std::string file_, name_;
};

/// Chunking and compression of a new dataset. Empty chunk = contiguous layout.
struct Layout {
  std::vector<std::int64_t> chunk;
  int gzip_level = 4;
};

/// An open HDF5 file.
class File {
 public:
  /// Creates (truncates) `path` for writing.
  static File create(const std::string& path);
  /// Opens `path` read-only; a missing or non-HDF5 file throws DataError naming it.
  static File open(const std::string& path);
  /// True when `path` is an HDF5 file (cheap signature check).
  static bool is_hdf5(const std::string& path);

  const std::string& path() const { return path_; }
  /// True when the object at `name` ("/a/b") exists.
  bool has(const std::string& name) const;
  /// Creates a group and any missing parents.
  void create_group(const std::string& name);
  Dataset create_dataset(const std::string& name, Type type, const std::vector<std::int64_t>& dims,
                         const Layout& layout = {});
  /// Opens a dataset; a missing one throws DataError "<file>: missing dataset /<name>".
  Dataset dataset(const std::string& name) const;

  // Attributes on the object at `object` ("/" for the root).
  void write_attr(const std::string& object, const std::string& attr, const std::string& value);
  void write_attr(const std::string& object, const std::string& attr,
                  const std::vector<std::string>& v);
  void write_attr(const std::string& object, const std::string& attr,
                  const std::vector<std::int64_t>& v);
  void write_attr(const std::string& object, const std::string& attr, const std::vector<double>& v);
  bool has_attr(const std::string& object, const std::string& attr) const;
  std::string read_attr_string(const std::string& object, const std::string& attr) const;
  std::vector<std::string> read_attr_strings(const std::string& object,
                                             const std::string& attr) const;
  std::vector<std::int64_t> read_attr_ints(const std::string& object,
                                           const std::string& attr) const;
  std::vector<double> read_attr_doubles(const std::string& object, const std::string& attr) const;

  /// Flushes and closes; errors surface here rather than in a destructor.
  void close();

 private:
  File(Id id, std::string path) : id_(std::move(id)), path_(std::move(path)) {}
  Id open_object(const std::string& object) const;
  void write_attr_raw(const std::string& object, const std::string& attr, hid_t mem_type,
                      hid_t file_type, std::size_t n, const void* data);
  Id open_attr(const std::string& object, const std::string& attr) const;
  [[noreturn]] void fail(const std::string& what) const;

  Id id_;
  std::string path_;
};

}  // namespace fb::h5
