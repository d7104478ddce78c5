#include "core/progress.h"

#include <unistd.h>

#include <atomic>
#include <cstdio>

namespace fb {

namespace {
std::atomic<bool> g_quiet{false};

std::string duration_text(double seconds) {
  char buf[32];
  auto s = static_cast<long>(seconds + 0.5);
  if (s >= 3600)
    std::snprintf(buf, sizeof buf, "%ldh%02ldm", s / 3600, (s / 60) % 60);
  else if (s >= 60)
    std::snprintf(buf, sizeof buf, "%ldm%02lds", s / 60, s % 60);
  else
    std::snprintf(buf, sizeof buf, "%lds", s);
  return buf;
}
}  // namespace

void Progress::set_quiet_default(bool quiet) { g_quiet = quiet; }
bool Progress::quiet_default() { return g_quiet; }

Progress::Progress(std::string label, std::int64_t total, std::string unit, bool quiet)
    : label_(std::move(label)),
      unit_(std::move(unit)),
      total_(total),
      active_(!quiet && !g_quiet && ::isatty(STDERR_FILENO)),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

Progress::~Progress() {
  if (active_ && !finished_) std::fputc('\n', stderr);
}

void Progress::update(std::int64_t done) {
  done_ = done;
  if (!active_) return;
  auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < std::chrono::milliseconds(100) && done < total_) return;
  last_draw_ = now;
  draw(false);
}

void Progress::finish() {
  if (!active_ || finished_) return;
  draw(true);
  std::fputc('\n', stderr);
  finished_ = true;
}

void Progress::draw(bool final) {
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  double rate = elapsed > 0 ? static_cast<double>(done_) / elapsed : 0.0;
  double pct =
      total_ > 0 ? 100.0 * static_cast<double>(done_) / static_cast<double>(total_) : 100.0;
  std::string tail =
      final ? "in " + duration_text(elapsed)
            : "ETA " + (rate > 0 ? duration_text(static_cast<double>(total_ - done_) / rate) : "?");
  std::fprintf(stderr, "\r%s %5.1f%% %lld/%lld %s  %.0f %s/s  %s   ", label_.c_str(), pct,
               static_cast<long long>(done_), static_cast<long long>(total_), unit_.c_str(), rate,
               unit_.c_str(), tail.c_str());
  std::fflush(stderr);
}

}  // namespace fb
