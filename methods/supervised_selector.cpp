// Supervised selection (docs/protocols.md §5.1, project formalisation): group the pool into settings (model
// and model config, i.e. runs that differ only in seed), pick the setting with the highest
// seed-mean of the target metric (ties: the setting met first), and within it the best single run.
// Scores are each run's own metric value; `granularity: model` picks the best run of the whole pool
// instead.
#include <algorithm>
#include <cmath>
#include <filesystem>

#include "core/atomic_output.h"
#include "core/config.h"
#include "core/error.h"
#include "methods/pool.h"
#include "methods/selector.h"

namespace fb::methods {

namespace {

struct SupervisedConfig {
  std::string metric = "factor_vae";
  std::string granularity = "setting";

  template <class V>
  void visit(V&& v) {
    v("metric", metric,
      "metrics.json key to maximise (dotted for nested objects), e.g. factor_vae");
    v("granularity", granularity,
      "setting (best seed-mean, docs/protocols.md §5.1) or model (best single run)");
  }
  void validate(const std::string& where) const {
    require(!metric.empty(), where + ".metric", "must name a metric (supervised:METRIC)", "\"\"");
    require(granularity == "setting" || granularity == "model", where + ".granularity",
            "must be setting or model", granularity);
  }
};

// The value at a dotted path ("dci.disentanglement") or null.
const Json* find_path(const Json& root, const std::string& key) {
  const Json* node = &root;
  std::size_t start = 0;
  while (true) {
    const auto dot = key.find('.', start);
    const std::string part =
        key.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (!node->is_object() || !node->contains(part)) return nullptr;
    node = &(*node)[part];
    if (dot == std::string::npos) return node;
    start = dot + 1;
  }
}

double read_metric(const PoolMember& member, const std::string& key) {
  const std::string file = member.metrics_file();
  if (!std::filesystem::exists(file))
    throw DataError(file + ": missing; evaluate the run first (factorbench evaluate " +
                    member.run_dir + ")");
  const Json metrics = Json::parse(read_file(file), nullptr, /*allow_exceptions=*/false);
  if (metrics.is_discarded()) throw DataError(file + ": not valid JSON");
  // `factorbench evaluate` writes {"scores": {key: value}, ...}; a flat {key: value} file works
  // too.
  const Json* node = find_path(metrics, key);
  if (node == nullptr && metrics.contains("scores")) node = find_path(metrics["scores"], key);
  if (node == nullptr) throw DataError(file + ": has no metric '" + key + "'");
  if (!node->is_number())
    throw DataError(file + ": '" + key + "' is not a number (" + node->dump() + ")");
  return node->get<double>();
}

class SupervisedSelector : public Selector {
 public:
  explicit SupervisedSelector(const SupervisedConfig& cfg) : cfg_(cfg) {}

  SelectorScores score(const Pool& pool, const SelectionOptions&) const override {
    SelectorScores s;
    for (const auto& member : pool.members) s.scores.push_back(read_metric(member, cfg_.metric));

    // Settings in order of first appearance.
    struct Setting {
      Json key;
      std::vector<std::size_t> members;
      double mean = 0, std = 0;
    };
    std::vector<Setting> settings;
    for (std::size_t i = 0; i < pool.members.size(); ++i) {
      const PoolMember& m = pool.members[i];
      const Json key = {{"model", m.config.value("model", Json())},
                        {"model_config", m.config.value("model_config", Json())},
                        {"snapshot", m.snapshot}};
      auto it = std::find_if(settings.begin(), settings.end(),
                             [&](const Setting& st) { return st.key == key; });
      if (it == settings.end()) it = settings.insert(settings.end(), Setting{key, {}, 0, 0});
      it->members.push_back(i);
    }
    std::size_t best_setting = 0;
    for (std::size_t k = 0; k < settings.size(); ++k) {
      Setting& st = settings[k];
      for (auto i : st.members) st.mean += s.scores[i];
      st.mean /= static_cast<double>(st.members.size());
      for (auto i : st.members) st.std += (s.scores[i] - st.mean) * (s.scores[i] - st.mean);
      st.std = std::sqrt(st.std / static_cast<double>(st.members.size()));  // ddof 0 (§7 #8)
      if (st.mean > settings[best_setting].mean) best_setting = k;
    }
    std::size_t oracle = 0;
    for (std::size_t i = 1; i < s.scores.size(); ++i)
      if (s.scores[i] > s.scores[oracle]) oracle = i;
    std::size_t chosen = settings[best_setting].members.front();
    for (auto i : settings[best_setting].members)
      if (s.scores[i] > s.scores[chosen]) chosen = i;
    s.chosen = cfg_.granularity == "setting" ? chosen : oracle;

    Json table = Json::array();
    for (const auto& st : settings) {
      Json row = st.key;
      row["members"] = st.members;
      row["mean"] = st.mean;
      row["std"] = st.std;
      table.push_back(row);
    }
    s.details["settings"] = table;
    s.details["chosen_setting"] = best_setting;
    s.details["oracle_best_model"] = oracle;
    return s;
  }
  Json config() const override { return to_json(cfg_); }

 private:
  SupervisedConfig cfg_;
};

}  // namespace

FB_REGISTER(selector_registry(),
            {"supervised",
             "Supervised selection: the setting with the best seed-mean of a metric "
             "(supervised:METRIC), its best "
             "run chosen",
             to_json(SupervisedConfig{}),
             [](const Json& cfg, const std::string& where) -> std::unique_ptr<Selector> {
               return std::make_unique<SupervisedSelector>(parse<SupervisedConfig>(cfg, where));
             }});

}  // namespace fb::methods
