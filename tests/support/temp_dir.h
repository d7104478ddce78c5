// A fresh temporary directory per test, removed afterwards.
#pragma once

#include <string>

namespace fb::test {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  /// path() + "/" + name
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

/// SHA-free byte comparison helper: the whole content of a file.
std::string slurp(const std::string& path);

}  // namespace fb::test
