#include "methods/pool.h"

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "core/atomic_output.h"
#include "core/error.h"
#include "engine/checkpoint.h"
#include "engine/model.h"
#include "engine/run_dir.h"
#include "engine/runtime.h"

namespace fb::methods {

namespace fs = std::filesystem;

std::string PoolMember::label() const {
  return snapshot.empty() ? run_dir : run_dir + "@" + snapshot;
}

std::string PoolMember::model_file() const {
  if (snapshot.empty()) return "model.pt";
  const engine::RunDir run(run_dir);
  return run.snapshot_path(snapshot).substr(run.path().size() + 1);
}

std::string PoolMember::metrics_file() const {
  return metrics_path.empty() ? run_dir + "/metrics.json" : metrics_path;
}

namespace {

// Every directory below `root` holding a config.json, without descending into runs.
void find_runs(const fs::path& root, std::vector<std::string>& out) {
  std::vector<fs::path> children;
  for (const auto& entry : fs::directory_iterator(root))
    if (entry.is_directory()) children.push_back(entry.path());
  std::sort(children.begin(), children.end());
  for (const auto& child : children) {
    if (fs::exists(child / "config.json"))
      out.push_back(child.string());
    else
      find_runs(child, out);
  }
}

std::string resolve(const fs::path& base, const std::string& path) {
  fs::path p(path);
  return (p.is_absolute() ? p : base / p).lexically_normal().string();
}

std::vector<PoolMember> read_json_list(const std::string& file) {
  const Json list = Json::parse(read_file(file), nullptr, /*allow_exceptions=*/false);
  if (list.is_discarded() || !list.is_array())
    throw ConfigError(
        file + ": a JSON pool must be an array of run directories or {\"run\", ...} objects");
  const fs::path base = fs::path(file).parent_path();
  std::vector<PoolMember> out;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const Json& item = list[i];
    const std::string where = file + ": [" + std::to_string(i) + "]";
    PoolMember m;
    if (item.is_string()) {
      m.run_dir = resolve(base, item.get<std::string>());
    } else if (item.is_object() && item.contains("run") && item["run"].is_string()) {
      for (auto it = item.begin(); it != item.end(); ++it)
        if (it.key() != "run" && it.key() != "snapshot" && it.key() != "metrics")
          throw ConfigError(where + "." + it.key() +
                            ": unknown key (known: run, snapshot, metrics)");
      m.run_dir = resolve(base, item["run"].get<std::string>());
      if (item.contains("snapshot")) m.snapshot = item["snapshot"].get<std::string>();
      if (item.contains("metrics"))
        m.metrics_path = resolve(base, item["metrics"].get<std::string>());
    } else {
      throw ConfigError(where + ": expected a run directory or an object with a \"run\" string");
    }
    out.push_back(std::move(m));
  }
  return out;
}

std::vector<PoolMember> read_text_list(const std::string& file) {
  std::istringstream lines(read_file(file));
  const fs::path base = fs::path(file).parent_path();
  std::vector<PoolMember> out;
  for (std::string line; std::getline(lines, line);) {
    const auto hash = line.find('#');
    if (hash != std::string::npos) line.erase(hash);
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos) continue;
    const auto last = line.find_last_not_of(" \t\r");
    PoolMember m;
    m.run_dir = resolve(base, line.substr(first, last - first + 1));
    out.push_back(std::move(m));
  }
  return out;
}

// The fields that must agree across a pool, as text for messages.
std::string data_signature(const Json& config) {
  Json s;
  s["dataset"] = config.value("dataset", Json());
  s["dataset_config"] = config.value("dataset_config", Json::object());
  s["image"] = config.value("image", Json());
  return s.dump();
}

}  // namespace

Pool read_pool(const std::string& dir_or_list, const std::string& snapshot) {
  if (!fs::exists(dir_or_list))
    throw DataError(dir_or_list + ": no such pool directory or list file");
  std::vector<PoolMember> members;
  if (fs::is_directory(dir_or_list)) {
    if (fs::exists(fs::path(dir_or_list) / "config.json"))
      throw ConfigError(dir_or_list + ": is a single run; give a directory of runs or a list file");
    std::vector<std::string> runs;
    find_runs(dir_or_list, runs);
    for (auto& r : runs) members.push_back({r, "", "", Json()});
  } else if (fs::path(dir_or_list).extension() == ".json") {
    members = read_json_list(dir_or_list);
  } else {
    members = read_text_list(dir_or_list);
  }
  if (members.empty())
    throw ConfigError(dir_or_list + ": the pool is empty (no training runs found)");

  Pool pool;
  std::string first_signature;
  for (auto& m : members) {
    if (m.snapshot.empty()) m.snapshot = snapshot;
    m.config = engine::RunDir(m.run_dir).read_config();
    const std::string file = m.run_dir + "/" + m.model_file();
    if (!fs::exists(file))
      throw DataError(m.snapshot.empty()
                          ? m.run_dir + ": the run has not finished (no model.pt)"
                          : m.run_dir + ": has no snapshot '" + m.snapshot + "' (" + file + ")");
    const std::string signature = data_signature(m.config);
    if (first_signature.empty()) {
      first_signature = signature;
      pool.dataset = m.config.value("dataset", std::string());
      pool.dataset_config = m.config.value("dataset_config", Json::object());
    } else if (signature != first_signature) {
      throw ConfigError(dir_or_list + ": runs of mixed datasets: " + members.front().run_dir +
                        " has " + first_signature + " but " + m.run_dir + " has " + signature);
    }
  }
  pool.members = std::move(members);
  return pool;
}

std::unique_ptr<engine::Model> load_member(const PoolMember& member, const std::string& device) {
  const std::string file = member.snapshot.empty() ? "" : member.model_file();
  return engine::load_run_model(engine::RunDir(member.run_dir), engine::parse_device(device), file);
}

std::unique_ptr<data::Dataset> open_pool_dataset(const Pool& pool) {
  return data::open_dataset(pool.dataset, pool.dataset_config);
}

}  // namespace fb::methods
