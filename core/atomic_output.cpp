#include "core/atomic_output.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.h"

namespace fs = std::filesystem;

namespace fb {

AtomicOutput::AtomicOutput(std::string path, bool force)
    : path_(std::move(path)), partial_(path_ + ".partial") {
  fs::path p(path_);
  fs::path dir = p.has_parent_path() ? p.parent_path() : fs::path(".");
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw DataError(path_ + ": output directory " + dir.string() +
                    " does not exist (create it first)");
  if (fs::is_directory(p, ec)) throw ConfigError(path_ + ": is a directory, expected a file name");
  if (fs::exists(p, ec) && !force)
    throw ConfigError(path_ + ": already exists (pass --force to overwrite)");
  fs::remove(partial_, ec);
}

AtomicOutput::~AtomicOutput() {
  if (!committed_) {
    std::error_code ec;
    fs::remove(partial_, ec);
  }
}

void AtomicOutput::commit() {
  // fsync before rename so a crash right after cannot leave an empty file under the final name.
  int fd = ::open(partial_.c_str(), O_RDONLY);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
  if (std::rename(partial_.c_str(), path_.c_str()) != 0)
    throw DataError(path_ + ": cannot rename " + partial_ + " into place");
  committed_ = true;
}

void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream f(path, std::ios::binary);
  f << bytes;
  f.flush();
  if (!f) throw DataError(path + ": write failed (disk full?)");
}

void write_file_atomic(const std::string& path, const std::string& text) {
  AtomicOutput out(path, /*force=*/true);
  write_file(out.partial(), text);
  out.commit();
}

std::string read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw DataError(path + ": cannot open");
  std::ostringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

}  // namespace fb
