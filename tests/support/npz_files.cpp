#include "tests/support/npz_files.h"

#include <zip.h>

#include <cstdlib>
#include <stdexcept>

namespace fb::test {

std::string npy_bytes(const std::string& descr, const std::vector<std::int64_t>& shape,
                      const std::string& data, int version) {
  std::string tuple = "(";
  for (std::size_t i = 0; i < shape.size(); ++i)
    tuple += (i ? ", " : "") + std::to_string(shape[i]);
  if (shape.size() == 1) tuple += ",";
  tuple += ")";
  std::string dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + tuple + ", }";
  const std::size_t prefix = version == 1 ? 10 : 12;
  const std::size_t total = (prefix + dict.size() + 1 + 63) / 64 * 64;
  dict.append(total - prefix - dict.size() - 1, ' ');
  dict += '\n';
  std::string out = "\x93NUMPY";
  out += static_cast<char>(version);
  out += '\0';
  const std::size_t len = dict.size();
  out += static_cast<char>(len & 0xff);
  out += static_cast<char>((len >> 8) & 0xff);
  if (version != 1) {
    out += static_cast<char>((len >> 16) & 0xff);
    out += static_cast<char>((len >> 24) & 0xff);
  }
  return out + dict + data;
}

void write_npz(const std::string& path, const std::vector<NpzMember>& members) {
  int err = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  if (z == nullptr) throw std::runtime_error(path + ": zip_open failed");
  for (const auto& m : members) {
    zip_source_t* src = zip_source_buffer(z, m.bytes.data(), m.bytes.size(), 0);
    const zip_int64_t idx = zip_file_add(z, (m.name + ".npy").c_str(), src, ZIP_FL_OVERWRITE);
    if (idx < 0) throw std::runtime_error(path + ": zip_file_add failed");
    zip_set_file_compression(z, static_cast<zip_uint64_t>(idx),
                             m.deflate ? ZIP_CM_DEFLATE : ZIP_CM_STORE, 0);
  }
  if (zip_close(z) != 0) throw std::runtime_error(path + ": zip_close failed");
}

std::string numpy_python() {
  for (const std::string python : {"/usr/bin/python3", "python3"})
    if (std::system((python + " -c 'import numpy' >/dev/null 2>&1").c_str()) == 0) return python;
  return "";
}

}  // namespace fb::test
