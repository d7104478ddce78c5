// Helpers the libFuzzer targets share: the readers take paths, so each input is written to files in
// a scratch folder of this process (under $TMPDIR, removed at exit) before the reader opens them.
#pragma once

#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace fb::fuzz {

/// This process's scratch folder, made on first use and removed when the process exits.
inline const std::string& scratch() {
  static const std::string dir = [] {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp != nullptr ? tmp : "/tmp") + "/fb-fuzz-XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) std::abort();
    static const std::string keep = pattern;
    std::atexit([] {
      std::error_code ec;
      std::filesystem::remove_all(keep, ec);
    });
    return pattern;
  }();
  return dir;
}

/// Writes `size` bytes to `path` (replacing it).
inline void write_file(const std::string& path, const std::uint8_t* data, std::size_t size) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
}
inline void write_file(const std::string& path, const std::string& bytes) {
  write_file(path, reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
}

/// An empty folder `name` inside the scratch folder (emptied when it exists).
inline std::string fresh_dir(const std::string& name) {
  const std::string dir = scratch() + "/" + name;
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  std::filesystem::create_directories(dir);
  return dir;
}

/// Separates the files of a multi-file input (folder formats). The seed corpus files are written by
/// tests/fuzz/make_corpus.py with the same separator.
constexpr char kSeparator[] = "\n--fb-fuzz-file--\n";

/// Splits the input at each separator into at most `max_parts` parts (the last keeps the rest).
inline std::vector<std::string> split_parts(const std::uint8_t* data, std::size_t size,
                                            std::size_t max_parts) {
  const std::string all(reinterpret_cast<const char*>(data), size);
  const std::string sep(kSeparator);
  std::vector<std::string> parts;
  std::size_t at = 0;
  while (parts.size() + 1 < max_parts) {
    const auto next = all.find(sep, at);
    if (next == std::string::npos) break;
    parts.push_back(all.substr(at, next - at));
    at = next + sep.size();
  }
  parts.push_back(all.substr(at));
  return parts;
}

}  // namespace fb::fuzz
