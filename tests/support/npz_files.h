// numpy .npy bytes and .npz archives for tests, written by numpy's own rules (not through the reader):
// the "\x93NUMPY" magic, version 1.0 (uint16 header length) or 2.0 (uint32), the dict literal padded
// with spaces and a newline so the data starts on a 64-byte boundary, then the raw little-endian
// elements; archives are zips of NAME.npy members, stored (np.savez) or deflated (np.savez_compressed).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace fb::test {

/// One .npy file: `descr` ("|u1", "<i8", "<f8"), C-order `shape`, `data` the raw element bytes.
std::string npy_bytes(const std::string& descr, const std::vector<std::int64_t>& shape,
                      const std::string& data, int version = 1);

template <class T>
std::string raw_bytes(const std::vector<T>& v) {
  return std::string(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
}

struct NpzMember {
  std::string name;   ///< array name; stored as name + ".npy"
  std::string bytes;  ///< the whole .npy file
  bool deflate = false;
};
/// Writes a zip archive of the members (through libzip).
void write_npz(const std::string& path, const std::vector<NpzMember>& members);

/// A python3 that imports numpy (/usr/bin/python3, where Debian's python3-numpy goes, else the one
/// on PATH), or "" when there is none (for cross-checks against numpy-written files).
std::string numpy_python();

}  // namespace fb::test
