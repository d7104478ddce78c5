#include "core/hdf5.h"

#include <zlib.h>

#include <algorithm>
#include <fstream>
#include <mutex>

#include "core/threads.h"

namespace fb::h5 {

namespace {

// HDF5 prints its own error stack by default; factorbench reports one line instead.
void silence_hdf5() {
  static std::once_flag once;
  std::call_once(once, [] { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); });
}

hid_t mem_type(Type t) {
  switch (t) {
    case Type::kU8:
      return H5T_NATIVE_UINT8;
    case Type::kI64:
      return H5T_NATIVE_INT64;
    case Type::kF32:
      return H5T_NATIVE_FLOAT;
    case Type::kF64:
      return H5T_NATIVE_DOUBLE;
  }
  return -1;
}

hid_t file_type(Type t) {
  switch (t) {
    case Type::kU8:
      return H5T_STD_U8LE;
    case Type::kI64:
      return H5T_STD_I64LE;
    case Type::kF32:
      return H5T_IEEE_F32LE;
    case Type::kF64:
      return H5T_IEEE_F64LE;
  }
  return -1;
}

std::string slash(const std::string& name) {
  return name.empty() || name[0] != '/' ? "/" + name : name;
}

std::string dims_text(const std::vector<std::int64_t>& dims) {
  std::string s = "(";
  for (std::size_t i = 0; i < dims.size(); ++i)
    s += (i ? "," : "") + (dims[i] < 0 ? std::string("*") : std::to_string(dims[i]));
  return s + ")";
}

// Object-creation property lists with time tracking off (timestamps would make every file unique).
Id untimed_plist(hid_t cls) {
  Id p(H5Pcreate(cls));
  H5Pset_obj_track_times(p.get(), false);
  return p;
}

}  // namespace

Id& Id::operator=(Id&& o) noexcept {
  if (this != &o) {
    this->~Id();
    id_ = o.id_;
    o.id_ = -1;
  }
  return *this;
}

Id::~Id() {
  if (id_ < 0) return;
  switch (H5Iget_type(id_)) {
    case H5I_FILE:
      H5Fclose(id_);
      break;
    case H5I_GROUP:
      H5Gclose(id_);
      break;
    case H5I_DATASET:
      H5Dclose(id_);
      break;
    case H5I_DATASPACE:
      H5Sclose(id_);
      break;
    case H5I_DATATYPE:
      H5Tclose(id_);
      break;
    case H5I_ATTR:
      H5Aclose(id_);
      break;
    case H5I_GENPROP_LST:
      H5Pclose(id_);
      break;
    default:
      break;
  }
  id_ = -1;
}

const char* type_name(Type t) {
  switch (t) {
    case Type::kU8:
      return "uint8";
    case Type::kI64:
      return "int64";
    case Type::kF32:
      return "float32";
    case Type::kF64:
      return "float64";
  }
  return "?";
}

// ---- Dataset ----

Dataset::Dataset(Id id, std::string file, std::string name)
    : id_(std::move(id)), file_(std::move(file)), name_(std::move(name)) {}

std::vector<std::int64_t> Dataset::dims() const {
  Id space(H5Dget_space(id_.get()));
  int rank = H5Sget_simple_extent_ndims(space.get());
  std::vector<hsize_t> d(rank > 0 ? rank : 0);
  if (rank > 0) H5Sget_simple_extent_dims(space.get(), d.data(), nullptr);
  return {d.begin(), d.end()};
}

Type Dataset::type() const {
  Id t(H5Dget_type(id_.get()));
  H5T_class_t cls = H5Tget_class(t.get());
  std::size_t size = H5Tget_size(t.get());
  if (cls == H5T_INTEGER) {
    bool is_signed = H5Tget_sign(t.get()) == H5T_SGN_2;
    if (size == 1 && !is_signed) return Type::kU8;
    if (size == 8 && is_signed) return Type::kI64;
  } else if (cls == H5T_FLOAT) {
    if (size == 4) return Type::kF32;
    if (size == 8) return Type::kF64;
  }
  throw DataError(file_ + ": " + name_ + ": unsupported element type (class " +
                  std::to_string(cls) + ", " + std::to_string(size) + " bytes)");
}

void Dataset::expect(Type t, const std::vector<std::int64_t>& want) const {
  auto have = dims();
  bool ok = have.size() == want.size();
  for (std::size_t i = 0; ok && i < want.size(); ++i) ok = want[i] < 0 || want[i] == have[i];
  Type ht = type();
  if (!ok || ht != t)
    throw DataError(file_ + ": " + name_ + ": expected " + type_name(t) + " " + dims_text(want) +
                    ", found " + type_name(ht) + " " + dims_text(have));
}

void Dataset::io_rows(std::int64_t start, std::int64_t count, void* data, Type type, bool write) {
  auto d = dims();
  std::vector<hsize_t> off(d.size(), 0), cnt(d.begin(), d.end());
  if (!d.empty()) {
    if (start < 0 || count < 0 || start + count > d[0])
      throw DataError(file_ + ": " + name_ + ": rows [" + std::to_string(start) + ", " +
                      std::to_string(start + count) + ") outside " + dims_text(d));
    off[0] = static_cast<hsize_t>(start);
    cnt[0] = static_cast<hsize_t>(count);
  }
  Id fspace(H5Dget_space(id_.get()));
  if (!d.empty())
    H5Sselect_hyperslab(fspace.get(), H5S_SELECT_SET, off.data(), nullptr, cnt.data(), nullptr);
  Id mspace(d.empty() ? H5Screate(H5S_SCALAR)
                      : H5Screate_simple(static_cast<int>(cnt.size()), cnt.data(), nullptr));
  herr_t rc =
      write ? H5Dwrite(id_.get(), mem_type(type), mspace.get(), fspace.get(), H5P_DEFAULT, data)
            : H5Dread(id_.get(), mem_type(type), mspace.get(), fspace.get(), H5P_DEFAULT, data);
  if (rc < 0)
    throw DataError(file_ + ": " + name_ + ": " + (write ? "write" : "read") +
                    " failed (disk full, or a truncated/corrupt file?)");
}

void Dataset::write_chunk(const std::vector<std::int64_t>& offset, const void* bytes,
                          std::size_t size) {
  std::vector<hsize_t> off(offset.begin(), offset.end());
  if (H5Dwrite_chunk(id_.get(), H5P_DEFAULT, 0, off.data(), size, bytes) < 0)
    throw DataError(file_ + ": " + name_ + ": chunk write failed (disk full?)");
}

void Dataset::read_all_u8_parallel(std::uint8_t* out) const {
  auto d = dims();
  Id dcpl(H5Dget_create_plist(id_.get()));
  bool fast = !d.empty() && type() == Type::kU8 && H5Pget_layout(dcpl.get()) == H5D_CHUNKED &&
              H5Pget_nfilters(dcpl.get()) == 1;
  std::vector<hsize_t> chunk(d.size());
  if (fast) {
    unsigned flags = 0;
    std::size_t nelem = 0;
    unsigned cfg = 0;
    fast = H5Pget_filter2(dcpl.get(), 0, &flags, &nelem, nullptr, 0, nullptr, &cfg) ==
               H5Z_FILTER_DEFLATE &&
           H5Pget_chunk(dcpl.get(), static_cast<int>(d.size()), chunk.data()) ==
               static_cast<int>(d.size());
    for (std::size_t i = 1; fast && i < d.size(); ++i)
      fast = chunk[i] == static_cast<hsize_t>(d[i]);
  }
  if (!fast) {
    const_cast<Dataset*>(this)->io_rows(0, d.empty() ? 1 : d[0], out, Type::kU8, false);
    return;
  }
  const std::int64_t rows = d[0], per_chunk = static_cast<std::int64_t>(chunk[0]);
  std::size_t row_bytes = 1;
  for (std::size_t i = 1; i < d.size(); ++i) row_bytes *= static_cast<std::size_t>(d[i]);
  const std::int64_t nchunks = (rows + per_chunk - 1) / per_chunk;
  // Read raw chunks in batches (HDF5 is not thread-safe), then inflate the batch in parallel.
  const std::int64_t batch = 64;
  std::vector<std::vector<unsigned char>> raw(batch);
  std::vector<int> missing(batch);
  for (std::int64_t first = 0; first < nchunks; first += batch) {
    const std::int64_t count = std::min(batch, nchunks - first);
    for (std::int64_t c = 0; c < count; ++c) {
      std::vector<hsize_t> off(d.size(), 0);
      off[0] = static_cast<hsize_t>(first + c) * static_cast<hsize_t>(per_chunk);
      hsize_t nbytes = 0;
      missing[c] = H5Dget_chunk_storage_size(id_.get(), off.data(), &nbytes) < 0 || nbytes == 0;
      if (missing[c]) continue;
      raw[c].resize(nbytes);
      std::uint32_t mask = 0;
      if (H5Dread_chunk(id_.get(), H5P_DEFAULT, off.data(), &mask, raw[c].data()) < 0 || mask != 0)
        throw DataError(file_ + ": " + name_ + ": cannot read chunk " + std::to_string(first + c) +
                        " (truncated or corrupt file?)");
    }
    bool ok = true;
    parallel_for(count, [&](std::int64_t b, std::int64_t e) {
      std::vector<unsigned char> full(static_cast<std::size_t>(per_chunk) * row_bytes);
      for (std::int64_t c = b; c < e; ++c) {
        const std::int64_t row0 = (first + c) * per_chunk;
        const std::int64_t nrows = std::min(per_chunk, rows - row0);
        std::uint8_t* dst = out + row0 * row_bytes;
        if (missing[c]) {  // never written: HDF5's fill value, 0
          std::fill(dst, dst + nrows * row_bytes, 0);
          continue;
        }
        uLongf len = static_cast<uLongf>(full.size());
        if (uncompress(full.data(), &len, raw[c].data(), static_cast<uLong>(raw[c].size())) !=
                Z_OK ||
            len != full.size()) {
          ok = false;
          continue;
        }
        std::copy(full.begin(), full.begin() + nrows * row_bytes, dst);
      }
    });
    if (!ok)
      throw DataError(file_ + ": " + name_ + ": corrupt gzip chunk near row " +
                      std::to_string(first * per_chunk));
  }
}

// ---- File ----

File File::create(const std::string& path) {
  silence_hdf5();
  Id fcpl = untimed_plist(H5P_FILE_CREATE);
  Id id(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, fcpl.get(), H5P_DEFAULT));
  if (!id.valid())
    throw DataError(path +
                    ": cannot create HDF5 file (does the directory exist and is it writable?)");
  return File(std::move(id), path);
}

bool File::is_hdf5(const std::string& path) {
  silence_hdf5();
  std::ifstream probe(path);
  if (!probe) return false;
  return H5Fis_hdf5(path.c_str()) > 0;
}

File File::open(const std::string& path) {
  silence_hdf5();
  std::ifstream probe(path);
  if (!probe) throw DataError(path + ": no such file");
  if (H5Fis_hdf5(path.c_str()) <= 0) throw DataError(path + ": not an HDF5 file");
  Id id(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT));
  if (!id.valid()) throw DataError(path + ": cannot open HDF5 file (truncated or corrupt?)");
  return File(std::move(id), path);
}

void File::fail(const std::string& what) const { throw DataError(path_ + ": " + what); }

bool File::has(const std::string& name) const {
  std::string full = slash(name);
  if (full == "/") return true;
  // H5Lexists requires every parent to exist, so walk the path.
  std::size_t pos = 1;
  while (true) {
    std::size_t next = full.find('/', pos);
    std::string prefix = full.substr(0, next);
    if (H5Lexists(id_.get(), prefix.c_str(), H5P_DEFAULT) <= 0) return false;
    if (next == std::string::npos) return true;
    pos = next + 1;
  }
}

void File::create_group(const std::string& name) {
  std::string full = slash(name);
  if (has(full)) return;
  auto parent = full.substr(0, full.find_last_of('/'));
  if (!parent.empty()) create_group(parent);
  Id gcpl = untimed_plist(H5P_GROUP_CREATE);
  Id g(H5Gcreate2(id_.get(), full.c_str(), H5P_DEFAULT, gcpl.get(), H5P_DEFAULT));
  if (!g.valid()) fail("cannot create group " + full);
}

Dataset File::create_dataset(const std::string& name, Type type,
                             const std::vector<std::int64_t>& dims, const Layout& layout) {
  std::string full = slash(name);
  auto parent = full.substr(0, full.find_last_of('/'));
  if (!parent.empty()) create_group(parent);
  std::vector<hsize_t> d(dims.begin(), dims.end());
  Id space(d.empty() ? H5Screate(H5S_SCALAR)
                     : H5Screate_simple(static_cast<int>(d.size()), d.data(), nullptr));
  Id dcpl = untimed_plist(H5P_DATASET_CREATE);
  if (!layout.chunk.empty()) {
    std::vector<hsize_t> c(layout.chunk.begin(), layout.chunk.end());
    for (std::size_t i = 0; i < c.size() && i < d.size(); ++i)
      c[i] = std::max<hsize_t>(1, std::min(c[i], d[i]));
    H5Pset_chunk(dcpl.get(), static_cast<int>(c.size()), c.data());
    if (layout.gzip_level > 0) H5Pset_deflate(dcpl.get(), static_cast<unsigned>(layout.gzip_level));
  }
  Id id(H5Dcreate2(id_.get(), full.c_str(), file_type(type), space.get(), H5P_DEFAULT, dcpl.get(),
                   H5P_DEFAULT));
  if (!id.valid()) fail("cannot create dataset " + full);
  return Dataset(std::move(id), path_, full);
}

Dataset File::dataset(const std::string& name) const {
  std::string full = slash(name);
  if (!has(full)) fail("missing dataset " + full);
  Id id(H5Dopen2(id_.get(), full.c_str(), H5P_DEFAULT));
  if (!id.valid()) fail(full + " is not a readable dataset");
  return Dataset(std::move(id), path_, full);
}

Id File::open_object(const std::string& object) const {
  std::string full = slash(object);
  if (!has(full)) fail("missing object " + full);
  Id obj(H5Oopen(id_.get(), full.c_str(), H5P_DEFAULT));
  if (!obj.valid()) fail("cannot open " + full);
  return obj;
}

void File::write_attr_raw(const std::string& object, const std::string& attr, hid_t mtype,
                          hid_t ftype, std::size_t n, const void* data) {
  Id obj = open_object(object);
  hsize_t dim = n;
  Id space(H5Screate_simple(1, &dim, nullptr));
  if (H5Aexists(obj.get(), attr.c_str()) > 0) H5Adelete(obj.get(), attr.c_str());
  Id a(H5Acreate2(obj.get(), attr.c_str(), ftype, space.get(), H5P_DEFAULT, H5P_DEFAULT));
  if (!a.valid() || H5Awrite(a.get(), mtype, data) < 0)
    fail("cannot write attribute " + object + "@" + attr);
}

void File::write_attr(const std::string& object, const std::string& attr,
                      const std::vector<std::int64_t>& v) {
  write_attr_raw(object, attr, H5T_NATIVE_INT64, H5T_STD_I64LE, v.size(), v.data());
}

void File::write_attr(const std::string& object, const std::string& attr,
                      const std::vector<double>& v) {
  write_attr_raw(object, attr, H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE, v.size(), v.data());
}

void File::write_attr(const std::string& object, const std::string& attr,
                      const std::vector<std::string>& v) {
  Id t(H5Tcopy(H5T_C_S1));
  H5Tset_size(t.get(), H5T_VARIABLE);
  H5Tset_cset(t.get(), H5T_CSET_UTF8);
  std::vector<const char*> ptrs;
  for (const auto& s : v) ptrs.push_back(s.c_str());
  write_attr_raw(object, attr, t.get(), t.get(), ptrs.size(), ptrs.data());
}

void File::write_attr(const std::string& object, const std::string& attr,
                      const std::string& value) {
  Id obj = open_object(object);
  Id t(H5Tcopy(H5T_C_S1));
  H5Tset_size(t.get(), H5T_VARIABLE);
  H5Tset_cset(t.get(), H5T_CSET_UTF8);
  Id space(H5Screate(H5S_SCALAR));
  if (H5Aexists(obj.get(), attr.c_str()) > 0) H5Adelete(obj.get(), attr.c_str());
  Id a(H5Acreate2(obj.get(), attr.c_str(), t.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT));
  const char* p = value.c_str();
  if (!a.valid() || H5Awrite(a.get(), t.get(), &p) < 0)
    fail("cannot write attribute " + object + "@" + attr);
}

bool File::has_attr(const std::string& object, const std::string& attr) const {
  if (!has(object)) return false;
  Id obj = open_object(object);
  return H5Aexists(obj.get(), attr.c_str()) > 0;
}

Id File::open_attr(const std::string& object, const std::string& attr) const {
  Id obj = open_object(object);
  if (H5Aexists(obj.get(), attr.c_str()) <= 0)
    fail("missing attribute " + slash(object) + "@" + attr);
  return Id(H5Aopen(obj.get(), attr.c_str(), H5P_DEFAULT));
}

std::vector<std::string> File::read_attr_strings(const std::string& object,
                                                 const std::string& attr) const {
  Id a = open_attr(object, attr);
  Id ftype(H5Aget_type(a.get()));
  if (H5Tget_class(ftype.get()) != H5T_STRING)
    fail("attribute " + slash(object) + "@" + attr + " is not a string");
  Id space(H5Aget_space(a.get()));
  hssize_t n = H5Sget_simple_extent_npoints(space.get());
  std::vector<std::string> out;
  if (H5Tis_variable_str(ftype.get()) > 0) {
    std::vector<char*> ptrs(static_cast<std::size_t>(n), nullptr);
    Id mtype(H5Tcopy(H5T_C_S1));
    H5Tset_size(mtype.get(), H5T_VARIABLE);
    H5Tset_cset(mtype.get(), H5Tget_cset(ftype.get()));
    if (H5Aread(a.get(), mtype.get(), ptrs.data()) < 0) fail("cannot read attribute " + attr);
    for (char* p : ptrs) out.emplace_back(p ? p : "");
    H5Dvlen_reclaim(mtype.get(), space.get(), H5P_DEFAULT, ptrs.data());
  } else {
    std::size_t len = H5Tget_size(ftype.get());
    std::vector<char> buf(len * static_cast<std::size_t>(n) + 1, 0);
    if (H5Aread(a.get(), ftype.get(), buf.data()) < 0) fail("cannot read attribute " + attr);
    for (hssize_t i = 0; i < n; ++i) {
      std::string s(buf.data() + i * len, len);
      out.push_back(s.substr(0, s.find('\0')));
    }
  }
  return out;
}

std::string File::read_attr_string(const std::string& object, const std::string& attr) const {
  auto v = read_attr_strings(object, attr);
  if (v.size() != 1) fail("attribute " + slash(object) + "@" + attr + " is not a single string");
  return v[0];
}

std::vector<std::int64_t> File::read_attr_ints(const std::string& object,
                                               const std::string& attr) const {
  Id a = open_attr(object, attr);
  Id space(H5Aget_space(a.get()));
  std::vector<std::int64_t> out(
      static_cast<std::size_t>(H5Sget_simple_extent_npoints(space.get())));
  if (H5Aread(a.get(), H5T_NATIVE_INT64, out.data()) < 0)
    fail("cannot read attribute " + attr + " as integers");
  return out;
}

std::vector<double> File::read_attr_doubles(const std::string& object,
                                            const std::string& attr) const {
  Id a = open_attr(object, attr);
  Id space(H5Aget_space(a.get()));
  std::vector<double> out(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space.get())));
  if (H5Aread(a.get(), H5T_NATIVE_DOUBLE, out.data()) < 0)
    fail("cannot read attribute " + attr + " as numbers");
  return out;
}

void File::close() {
  if (!id_.valid()) return;
  if (H5Fclose(id_.release()) < 0) fail("cannot finish writing (disk full?)");
}

}  // namespace fb::h5
