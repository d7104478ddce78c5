#include "reports/spec.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include "core/atomic_output.h"
#include "core/config.h"
#include "core/error.h"

namespace fb::reports {

const std::map<std::string, std::string>& embedded_specs();
const std::map<std::string, std::string>& embedded_presets();

namespace {

const std::set<std::string> kFixedMethods = {"model-centrality", "udr-lasso", "udr-spearman"};

PaperValue read_paper_value(const Json& v, const std::string& path) {
  PaperValue p;
  if (v.is_number()) {
    p.mean = v.get<double>();
  } else if (v.is_array() && (v.size() == 1 || v.size() == 2) && v[0].is_number() &&
             (v.size() == 1 || v[1].is_number())) {
    p.mean = v[0].get<double>();
    if (v.size() == 2) p.std = v[1].get<double>();
  } else {
    throw ConfigError(path + ": expected a number or [mean, std] (got " + v.dump() + ")");
  }
  return p;
}

void check_paper_columns(const Json& paper, const std::set<std::string>& columns,
                         const std::string& path) {
  require(paper.is_object(), path, "must be an object of column -> value", paper.dump());
  for (auto it = paper.begin(); it != paper.end(); ++it) {
    require(columns.count(it.key()) != 0, path + "." + it.key(), "is not a column of this spec",
            it.value().dump());
    read_paper_value(it.value(), path + "." + it.key());
  }
}

std::string read_named(const std::map<std::string, std::string>& builtin,
                       const std::string& name_or_path, const char* kind) {
  if (auto it = builtin.find(name_or_path); it != builtin.end()) return it->second;
  if (std::filesystem::exists(name_or_path)) return read_file(name_or_path);
  std::string names;
  for (const auto& kv : builtin) names += (names.empty() ? "" : ", ") + kv.first;
  throw ConfigError(std::string("unknown ") + kind + " '" + name_or_path + "' (built in: " + names +
                    "; or give a JSON file)");
}

Json parse_json_text(const std::string& text, const std::string& where) {
  try {
    return Json::parse(text);
  } catch (const Json::parse_error& e) {
    throw ConfigError(where + ": invalid JSON (" + std::string(e.what()) + ")");
  }
}

std::string where_of(const std::string& name_or_path,
                     const std::map<std::string, std::string>& builtin, const char* dir) {
  return builtin.count(name_or_path) ? std::string(dir) + "/" + name_or_path + ".json"
                                     : name_or_path;
}

}  // namespace

void Spec::validate(const std::string& where) const {
  require(!name.empty(), where + ".name", "must be set", "\"\"");
  require(protocol == "dl" || protocol == "cr", where + ".protocol", "must be dl or cr",
          "\"" + protocol + "\"");
  require(batch > 0, where + ".batch", "must be > 0", std::to_string(batch));
  require(!metrics.empty(), where + ".metrics", "must list at least one metric (or none)", "[]");
  require(classifier_dataset_config.is_object(), where + ".classifier_dataset_config",
          "must be an object", classifier_dataset_config.dump());
  std::set<std::string> column_ids;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const auto path = where + ".columns[" + std::to_string(i) + "]";
    require(!columns[i].id.empty() && !columns[i].key.empty(), path, "needs id and key",
            columns[i].id);
    require(column_ids.insert(columns[i].id).second, path + ".id", "is duplicated", columns[i].id);
    require(columns[i].better == "higher" || columns[i].better == "lower", path + ".better",
            "must be higher or lower", "\"" + columns[i].better + "\"");
  }
  std::set<std::string> row_ids;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& r = rows[i];
    const auto path = where + ".rows[" + std::to_string(i) + "]";
    require(!r.id.empty() && r.id.find_first_of("/ ") == std::string::npos, path + ".id",
            "must be a non-empty name without '/' or spaces", "\"" + r.id + "\"");
    require(row_ids.insert(r.id).second, path + ".id", "is duplicated", r.id);
    require(r.runs >= 0, path + ".runs", "must be >= 0", std::to_string(r.runs));
    require(r.sampling == "iid" || r.sampling == "epochs", path + ".sampling",
            "must be iid or epochs", "\"" + r.sampling + "\"");
    require(r.representation == "mean" || r.representation == "sampled", path + ".representation",
            "must be mean or sampled", "\"" + r.representation + "\"");
    if (!r.snapshot_of.empty()) {
      require(r.model.empty(), path + ".model", "a snapshot row trains nothing; remove model",
              r.model);
      require(!r.snapshot.empty(), path + ".snapshot", "must name the snapshot", "\"\"");
      bool trained = false;
      for (const auto& other : rows)
        trained = trained || (other.id == r.snapshot_of && !other.model.empty());
      require(trained, path + ".snapshot_of", "must name a trained row",
              "\"" + r.snapshot_of + "\"");
    } else if (r.runs > 0) {
      require(!r.model.empty(), path + ".model",
              "must name a model (or set runs to 0 for a quoted row)", "\"\"");
      require(r.epochs >= 0, path + ".epochs", "must be >= 0", std::to_string(r.epochs));
      if (r.epochs > 0)
        require(r.steps == 0, path + ".steps", "must be 0 when epochs gives the length",
                std::to_string(r.steps));
      else
        require(r.steps > 0, path + ".steps", "must be > 0", std::to_string(r.steps));
      require(r.config.is_object(), path + ".config", "must be an object", r.config.dump());
    }
    check_paper_columns(r.paper, column_ids, path + ".paper");
    for (const auto& p : r.presets)
      require(!p.empty(), path + ".presets", "must list preset names", "\"\"");
  }
  for (std::size_t i = 0; i < selections.size(); ++i) {
    const auto& s = selections[i];
    const auto path = where + ".selections[" + std::to_string(i) + "]";
    require(!s.id.empty(), path + ".id", "must be set", "\"\"");
    require(!s.pool.empty(), path + ".pool", "must list at least one row", "[]");
    require(s.pool_runs >= 0, path + ".pool_runs", "must be >= 0 (0 = every run)",
            std::to_string(s.pool_runs));
    for (const auto& p : s.pool)
      require(row_ids.count(p) != 0, path + ".pool", "names an unknown row", "\"" + p + "\"");
    for (const auto& m : s.methods) {
      bool ok = kFixedMethods.count(m) != 0 ||
                (m.rfind("supervised:", 0) == 0 && column_ids.count(m.substr(11)) != 0);
      require(ok, path + ".methods",
              "must be model-centrality, udr-lasso, udr-spearman or supervised:<column>",
              "\"" + m + "\"");
    }
    require(s.paper.is_object(), path + ".paper", "must be an object", s.paper.dump());
    for (auto it = s.paper.begin(); it != s.paper.end(); ++it) {
      require(std::find(s.methods.begin(), s.methods.end(), it.key()) != s.methods.end(),
              path + ".paper." + it.key(), "is not one of the selection's methods",
              it.value().dump());
      check_paper_columns(it.value(), column_ids, path + ".paper." + it.key());
    }
  }
}

const RowSpec& Spec::row(const std::string& id) const {
  for (const auto& r : rows)
    if (r.id == id) return r;
  throw ConfigError(name + ": no row '" + id + "'");
}

PaperValue Spec::paper_value(const RowSpec& r, const std::string& column) const {
  auto it = r.paper.find(column);
  return it == r.paper.end() ? PaperValue{} : read_paper_value(*it, r.id);
}

PaperValue Spec::paper_value(const SelectionSpec& s, const std::string& method,
                             const std::string& column) const {
  auto m = s.paper.find(method);
  if (m == s.paper.end()) return {};
  auto it = m->find(column);
  return it == m->end() ? PaperValue{} : read_paper_value(*it, s.id);
}

bool StageDevices::valid_device(const std::string& d) {
  if (d == "cpu" || d == "cuda") return true;
  return d.rfind("cuda:", 0) == 0 && d.size() > 5 &&
         d.find_first_not_of("0123456789", 5) == std::string::npos;
}

void StageDevices::validate(const std::string& where) const {
  auto check = [&](const char* name, const std::string& d) {
    require(d.empty() || valid_device(d), where + "." + name,
            "must be cpu, cuda or cuda:N (empty: reproduce's --device)", d);
  };
  check("train", train);
  check("evaluate", evaluate);
  check("select", select);
  check("traverse", traverse);
}

std::string StageDevices::for_stage(const std::string& stage, const std::string& fallback) const {
  const std::string& d = stage == "train"      ? train
                         : stage == "evaluate" ? evaluate
                         : stage == "select"   ? select
                                               : traverse;
  return d.empty() ? fallback : d;
}

namespace {

// Seconds for `name` from a cost table: its own entry, else the table's "default", else the built-in
// table's entry and default (a preset that recalibrates a few models keeps the others' estimates).
double cost_entry(const Json& table, const Json& builtin, const std::string& name) {
  for (const Json* t : {&table, &builtin})
    if (t->contains(name)) return (*t)[name].get<double>();
  for (const Json* t : {&table, &builtin})
    if (t->contains("default")) return (*t)["default"].get<double>();
  return 0;
}

void validate_cost_table(const Json& table, const std::string& path) {
  require(table.is_object(), path, "must be an object of name -> seconds", table.dump());
  for (auto it = table.begin(); it != table.end(); ++it)
    require(it.value().is_number() && it.value().get<double>() >= 0, path + "." + it.key(),
            "must be a number of seconds >= 0", it.value().dump());
}

}  // namespace

void JobCosts::validate(const std::string& where) const {
  validate_cost_table(train_step, where + ".train_step");
  validate_cost_table(select_pair, where + ".select_pair");
  require(epoch_images > 0, where + ".epoch_images", "must be > 0", format_number(epoch_images));
  for (const auto& [name, v] : {std::pair<const char*, double>{"classifier", classifier},
                                {"evaluate", evaluate},
                                {"traverse", traverse}})
    require(v >= 0, where + "." + name, "must be >= 0", format_number(v));
}

double JobCosts::train(const std::string& model, std::int64_t steps, std::int64_t batch) const {
  return cost_entry(train_step, JobCosts{}.train_step, model) * static_cast<double>(steps) *
         static_cast<double>(batch) / 64.0;
}

double JobCosts::select(const std::string& method, std::int64_t models) const {
  return cost_entry(select_pair, JobCosts{}.select_pair, method) * static_cast<double>(models) *
         static_cast<double>(std::max<std::int64_t>(models - 1, 0));
}

void Preset::validate(const std::string& where) const {
  devices.validate(where + ".devices");
  job_costs.validate(where + ".job_costs");
  require(max_runs >= 0, where + ".max_runs", "must be >= 0", std::to_string(max_runs));
  require(steps_fraction > 0 && steps_fraction <= 1, where + ".steps_fraction", "must be in (0, 1]",
          format_number(steps_fraction));
  require(min_steps >= 1, where + ".min_steps", "must be >= 1", std::to_string(min_steps));
  require(checkpoint_every >= 1, where + ".checkpoint_every", "must be >= 1",
          std::to_string(checkpoint_every));
  require(max_batch >= 0, where + ".max_batch", "must be >= 0 (0 keeps the spec's batch)",
          std::to_string(max_batch));
  require(dataset_config.is_object(), where + ".dataset_config", "must be an object",
          dataset_config.dump());
  require(metrics.is_object(), where + ".metrics", "must be an object", metrics.dump());
  require(selection.is_object(), where + ".selection", "must be an object", selection.dump());
  require(selection_repeats >= 1, where + ".selection_repeats", "must be >= 1",
          std::to_string(selection_repeats));
  require(classifier.is_object(), where + ".classifier",
          "must be an object of train-classifier options", classifier.dump());
  require(evaluate.is_object(), where + ".evaluate", "must be an object", evaluate.dump());
  for (auto it = evaluate.begin(); it != evaluate.end(); ++it) {
    const std::string path = where + ".evaluate." + it.key();
    require(it.key() == "nmi_samples" || it.key() == "ent_samples" || it.key() == "fd_samples",
            path, "is not one of nmi_samples, ent_samples, fd_samples", it.value().dump());
    require(it.value().is_number_integer() && it.value().get<std::int64_t>() >= 1, path,
            "must be an integer >= 1", it.value().dump());
  }
}

std::int64_t Preset::runs(const RowSpec& row) const {
  if (!row.presets.empty() &&
      std::find(row.presets.begin(), row.presets.end(), name) == row.presets.end())
    return 0;
  return max_runs > 0 ? std::min(row.runs, max_runs) : row.runs;
}

std::int64_t pool_runs(const SelectionSpec& sel, const RowSpec& row, const Preset& preset) {
  const std::int64_t runs = preset.runs(row);
  return sel.pool_runs > 0 ? std::min(runs, sel.pool_runs) : runs;
}

std::int64_t pool_size(const Spec& spec, const SelectionSpec& sel, const Preset& preset) {
  std::int64_t n = 0;
  for (const auto& row_id : sel.pool) n += pool_runs(sel, spec.row(row_id), preset);
  return n;
}

std::int64_t Preset::batch(const Spec& spec) const {
  return max_batch > 0 ? std::min(max_batch, spec.batch) : spec.batch;
}

std::int64_t Preset::steps(const RowSpec& row) const {
  return std::max(min_steps, static_cast<std::int64_t>(
                                 std::llround(static_cast<double>(row.steps) * steps_fraction)));
}

std::int64_t Preset::epochs(const RowSpec& row) const {
  return std::max<std::int64_t>(1, std::llround(static_cast<double>(row.epochs) * steps_fraction));
}

Spec load_spec(const std::string& name_or_path) {
  const std::string where = where_of(name_or_path, embedded_specs(), "reports/specs");
  Json json = parse_json_text(read_named(embedded_specs(), name_or_path, "spec"), where);
  return parse<Spec>(json, where);
}

Preset load_preset(const std::string& name_or_path) {
  const std::string where = where_of(name_or_path, embedded_presets(), "reports/presets");
  Json json = parse_json_text(read_named(embedded_presets(), name_or_path, "preset"), where);
  return parse<Preset>(json, where);
}

std::vector<std::string> builtin_specs() {
  std::vector<std::string> out;
  for (const auto& kv : embedded_specs()) out.push_back(kv.first);
  return out;
}

std::vector<std::string> builtin_presets() {
  std::vector<std::string> out;
  for (const auto& kv : embedded_presets()) out.push_back(kv.first);
  return out;
}

}  // namespace fb::reports
