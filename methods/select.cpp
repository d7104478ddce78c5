#include "methods/select.h"

#include <cmath>
#include <cstdio>
#include <sstream>

#include "core/atomic_output.h"
#include "core/config.h"
#include "core/error.h"
#include "core/threads.h"
#include "engine/memory.h"
#include "methods/pool.h"
#include "methods/selector.h"

namespace fb::methods {

namespace {

Json member_json(const Pool& pool, std::size_t i, double score) {
  const PoolMember& m = pool.members[i];
  return {{"index", i},
          {"run", m.run_dir},
          {"snapshot", m.snapshot},
          {"model", m.config.value("model", std::string())},
          {"score", std::isfinite(score) ? Json(score) : Json()}};
}

}  // namespace

Json select_models(const SelectOptions& o) {
  if (o.out.empty()) throw ConfigError("--out: a selection.json path is required");
  configure_threads(o.threads);
  // ModelCentrality encodes tens of thousands of images in batches of hundreds: with glibc's default
  // thresholds each batch's activations were mmap'ed and page-faulted back in, about half the
  // selection's CPU time as system time (engine/memory.h).
  engine::keep_freed_memory();
  const MethodSpec method = parse_method(o.method);
  const auto& entry = selector_registry().get(method.name);
  Json config = method.config;
  if (!o.config.is_null())
    for (auto it = o.config.begin(); it != o.config.end(); ++it) config[it.key()] = it.value();
  auto selector = entry.make(config, "--method " + method.name);

  AtomicOutput out(o.out, o.force);
  const Pool pool = read_pool(o.pool, o.snapshot);
  SelectionOptions options;
  options.seed = o.seed;
  options.device = o.device;
  SelectorScores scores = selector->score(pool, options);
  if (scores.scores.size() != pool.members.size())
    throw Error("selector " + method.name + " returned " + std::to_string(scores.scores.size()) +
                " scores for " + std::to_string(pool.members.size()) + " models");

  const auto ranking = rank_scores(scores.scores);
  const std::size_t chosen = scores.chosen ? *scores.chosen : ranking.front();
  Json j;
  j["method"] = o.method;
  j["selector"] = method.name;
  j["config"] = selector->config();
  j["seed"] = o.seed;
  j["pool"] = o.pool;
  j["snapshot"] = o.snapshot;
  j["dataset"] = pool.dataset;
  j["dataset_config"] = pool.dataset_config;
  j["models"] = Json::array();
  std::vector<std::size_t> rank_of(ranking.size());
  for (std::size_t r = 0; r < ranking.size(); ++r) rank_of[ranking[r]] = r + 1;
  for (std::size_t i = 0; i < pool.members.size(); ++i) {
    Json m = member_json(pool, i, scores.scores[i]);
    m["rank"] = rank_of[i];
    j["models"].push_back(m);
  }
  j["ranking"] = ranking;
  j["chosen"] = member_json(pool, chosen, scores.scores[chosen]);
  j["details"] = scores.details;
  write_file(out.partial(), j.dump(2) + "\n");
  out.commit();
  return j;
}

std::string selection_table(const Json& s) {
  std::ostringstream text;
  char line[64];
  text << "rank  score     model          run\n";
  for (const auto& index : s.at("ranking")) {
    const Json& m = s.at("models").at(index.get<std::size_t>());
    const Json& score = m.at("score");
    std::snprintf(
        line, sizeof line, "%-5lld %-9s ", static_cast<long long>(m.at("rank").get<std::int64_t>()),
        score.is_number() ? format_number(std::round(score.get<double>() * 1e4) / 1e4).c_str()
                          : "nan");
    std::string model = m.at("model").get<std::string>();
    model.resize(std::max<std::size_t>(model.size(), 14), ' ');
    std::string run = m.at("run").get<std::string>();
    if (!m.at("snapshot").get<std::string>().empty())
      run += "@" + m.at("snapshot").get<std::string>();
    text << line << model << " " << run << "\n";
  }
  const Json& c = s.at("chosen");
  text << "chosen (" << s.at("method").get<std::string>()
       << "): " << c.at("run").get<std::string>();
  if (!c.at("snapshot").get<std::string>().empty())
    text << "@" << c.at("snapshot").get<std::string>();
  text << "\n";
  return text.str();
}

}  // namespace fb::methods
