// Atomic output: write to `<path>.partial`, rename onto `<path>` on commit(); a destructor without commit()
// removes the partial file, so a failed or killed command never leaves a half-written result under `path`.
#pragma once

#include <string>

namespace fb {

class AtomicOutput {
 public:
  /// Checks that the parent directory exists (DataError) and that `path` does not exist unless `force`
  /// (ConfigError naming the --force flag). A stale `<path>.partial` from a killed run is removed.
  AtomicOutput(std::string path, bool force);
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;
  ~AtomicOutput();

  /// Where to write.
  const std::string& partial() const { return partial_; }
  const std::string& path() const { return path_; }
  /// Renames the partial file onto the final path (atomic on one filesystem).
  void commit();

 private:
  std::string path_, partial_;
  bool committed_ = false;
};

/// Writes `text` to `path` atomically (partial + fsync + rename), replacing any existing file.
void write_file_atomic(const std::string& path, const std::string& text);

/// Writes `bytes` to `path` (plain, not atomic; use on an AtomicOutput's partial()). Throws DataError.
void write_file(const std::string& path, const std::string& bytes);

/// Reads a whole file; a missing file throws DataError naming it.
std::string read_file(const std::string& path);

}  // namespace fb
