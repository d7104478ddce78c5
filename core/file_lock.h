// An exclusive advisory lock on a file (flock), held for the object's lifetime: lets concurrent
// processes (parallel jobs) agree that only one of them fills a shared cache entry.
#pragma once

#include <string>

namespace fb {

class FileLock {
 public:
  /// Blocks until the lock on `path` (created if missing) is held. Throws DataError if it cannot be opened.
  explicit FileLock(const std::string& path);
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  ~FileLock();

 private:
  int fd_ = -1;
};

}  // namespace fb
