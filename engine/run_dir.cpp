#include "engine/run_dir.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/atomic_output.h"
#include "core/error.h"

namespace fs = std::filesystem;

namespace fb::engine {

namespace {
constexpr const char* kCheckpointPrefix = "step-";
constexpr const char* kCheckpointSuffix = ".pt";
}  // namespace

RunDir::RunDir(std::string path) : path_(std::move(path)) {
  while (path_.size() > 1 && path_.back() == '/') path_.pop_back();
}

void RunDir::create() const {
  std::error_code ec;
  fs::create_directories(checkpoint_dir(), ec);
  if (!ec) fs::create_directories(fs::path(path_) / "snapshots", ec);
  if (ec) throw DataError(path_ + ": cannot create the run directory (" + ec.message() + ")");
  for (const auto& dir :
       {fs::path(path_), fs::path(checkpoint_dir()), fs::path(path_) / "snapshots"}) {
    if (!fs::is_directory(dir, ec)) continue;
    for (const auto& entry : fs::directory_iterator(dir, ec))
      if (entry.path().extension() == ".partial") fs::remove(entry.path(), ec);
  }
}

std::string RunDir::checkpoint_path(std::int64_t step) const {
  char name[64];
  std::snprintf(name, sizeof name, "%s%010lld%s", kCheckpointPrefix, static_cast<long long>(step),
                kCheckpointSuffix);
  return checkpoint_dir() + "/" + name;
}

std::string RunDir::snapshot_path(const std::string& name) const {
  std::string safe;
  for (char c : name)
    safe += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') ? c : '_';
  return path_ + "/snapshots/" + safe + ".pt";
}

bool RunDir::has_config() const { return fs::exists(config_path()); }

Json RunDir::read_config() const {
  if (!has_config()) throw DataError(path_ + ": not a run directory (no config.json)");
  Json j = Json::parse(read_file(config_path()), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) throw DataError(config_path() + ": not a JSON object");
  return j;
}

std::vector<std::pair<std::int64_t, std::string>> RunDir::checkpoints() const {
  std::vector<std::pair<std::int64_t, std::string>> out;
  std::error_code ec;
  if (!fs::is_directory(checkpoint_dir(), ec)) return out;
  const std::string prefix = kCheckpointPrefix, suffix = kCheckpointSuffix;
  for (const auto& entry : fs::directory_iterator(checkpoint_dir(), ec)) {
    const std::string name = entry.path().filename().string();
    if (name.size() <= prefix.size() + suffix.size() || name.rfind(prefix, 0) != 0 ||
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
      continue;
    const std::string digits =
        name.substr(prefix.size(), name.size() - prefix.size() - suffix.size());
    if (digits.find_first_not_of("0123456789") != std::string::npos) continue;
    out.emplace_back(std::stoll(digits), entry.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

void RunDir::prune_checkpoints(int keep) const {
  auto all = checkpoints();
  std::error_code ec;
  for (std::size_t i = 0; i + static_cast<std::size_t>(keep) < all.size(); ++i)
    fs::remove(all[i].second, ec);
}

void RunDir::append_log(const Json& line) const {
  std::ofstream f(log_path(), std::ios::app);
  f << line.dump() << "\n";
  f.flush();
  if (!f) throw DataError(log_path() + ": write failed (disk full?)");
}

void RunDir::truncate_log(std::int64_t max_step) const {
  if (!fs::exists(log_path())) return;
  std::istringstream in(read_file(log_path()));
  std::string kept, line;
  while (std::getline(in, line)) {
    Json j = Json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object()) break;  // a torn last line
    if (j.value("step", std::int64_t{0}) > max_step) break;
    kept += line + "\n";
  }
  write_file_atomic(log_path(), kept);
}

}  // namespace fb::engine
