// Progress with rate and ETA on stderr, only when stderr is a terminal and not --quiet.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace fb {

class Progress {
 public:
  /// `total` units of work called `unit` ("images", "steps"); `quiet` silences it.
  Progress(std::string label, std::int64_t total, std::string unit, bool quiet);
  ~Progress();
  /// Sets the completed count; redraws at most ~10 times a second. Thread-safe for a single caller.
  void update(std::int64_t done);
  /// Prints the final line (when active).
  void finish();
  /// Global default for commands that do not take --quiet (set by the CLI's --quiet).
  static void set_quiet_default(bool quiet);
  static bool quiet_default();

 private:
  void draw(bool final);
  std::string label_, unit_;
  std::int64_t total_, done_ = 0;
  bool active_, finished_ = false;
  std::chrono::steady_clock::time_point start_, last_draw_;
};

}  // namespace fb
