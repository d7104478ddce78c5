#include "reports/results.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>
#include <sstream>

#include "core/atomic_output.h"
#include "core/config.h"
#include "core/error.h"

namespace fb::reports {

namespace {

Json read_json(const std::string& path) {
  try {
    return Json::parse(read_file(path));
  } catch (const Json::parse_error& e) {
    throw DataError(path + ": invalid JSON (" + std::string(e.what()) + ")");
  }
}

// metrics.json holds {"scores": {...}, ...}; a bare object of scores is accepted too.
Json scores_of(const Json& m) { return m.contains("scores") ? m["scores"] : m; }

double number(const Json& scores, const std::string& key) {
  auto it = scores.find(key);
  return it != scores.end() && it->is_number() ? it->get<double>() : NAN;
}

// The run directory a selection file names as chosen: "chosen" as a path, or an object with "run_dir".
std::string chosen_dir(const Json& sel, const std::string& file) {
  const Json* c = sel.contains("chosen") ? &sel["chosen"]
                                         : (sel.contains("selected") ? &sel["selected"] : nullptr);
  if (c && c->is_string()) return c->get<std::string>();
  if (c && c->is_object()) {
    for (const char* key : {"run_dir", "path", "run"})
      if (c->contains(key) && (*c)[key].is_string()) return (*c)[key].get<std::string>();
  }
  throw DataError(file + ": no chosen model (expected \"chosen\": {\"run_dir\": ...})");
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

}  // namespace

std::string run_key(const std::string& dir) {
  auto pos = dir.rfind("/runs/");
  return pos == std::string::npos ? dir : dir.substr(pos + 1);
}

Stat summarise(const std::vector<double>& values) {
  Stat s;
  double sum = 0;
  for (double v : values)
    if (std::isfinite(v)) {
      sum += v;
      ++s.n;
    }
  if (s.n == 0) return s;
  s.mean = sum / s.n;
  double sq = 0;
  for (double v : values)
    if (std::isfinite(v)) sq += (v - s.mean) * (v - s.mean);
  s.std = std::sqrt(sq / s.n);
  return s;
}

Results collect_results(const Spec& spec, const std::vector<Job>& jobs) {
  Results res;
  std::map<std::string, std::string>
      metrics_of_run;  // run_key -> metrics file of its own (non-snapshot) row
  for (const auto& j : jobs) {
    if ((j.stage == "evaluate" || j.stage == "select") && !job_done(j)) ++res.missing_jobs;
    if (j.stage != "evaluate" || !job_done(j)) continue;
    RunResult r;
    r.row = j.meta["row"].get<std::string>();
    r.seed = j.meta["seed"].get<std::int64_t>();
    r.run_dir = j.meta["run_dir"].get<std::string>();
    r.metrics = scores_of(read_json(j.meta["metrics"].get<std::string>()));
    if (spec.row(r.row).snapshot_of.empty())
      metrics_of_run[run_key(r.run_dir)] = j.meta["metrics"].get<std::string>();
    res.runs.push_back(r);
  }
  for (const auto& row : spec.rows) {
    for (const auto& col : spec.columns) {
      std::vector<double> v;
      int reported_nan = 0;  // a metric's own NaN (JSON null), not a missing value
      for (const auto& r : res.runs)
        if (r.row == row.id) {
          v.push_back(number(r.metrics, col.key));
          const auto it = r.metrics.find(col.key);
          reported_nan += it != r.metrics.end() && it->is_null();
        }
      if (v.empty()) continue;
      Stat st = summarise(v);
      st.nan = reported_nan;
      if (reported_nan > 0) st.mean = st.std = NAN;
      res.rows[row.id][col.id] = st;
    }
  }

  for (const auto& sel : spec.selections) {
    // A run is in the pool when its row is and its seed is below pool_runs (when set); the jobs
    // carry exactly the runs the preset trains.
    const auto in_pool = [&sel](const std::string& row, std::int64_t seed) {
      return std::find(sel.pool.begin(), sel.pool.end(), row) != sel.pool.end() &&
             (sel.pool_runs <= 0 || seed < sel.pool_runs);
    };
    std::int64_t& size = res.pool_sizes[sel.id];
    for (const auto& j : jobs)
      if (j.stage == "evaluate" &&
          in_pool(j.meta["row"].get<std::string>(), j.meta["seed"].get<std::int64_t>()))
        ++size;
    for (const auto& method : sel.methods) {
      SelectionResult out;
      out.selection = sel.id;
      out.method = method;
      std::map<std::string, std::vector<double>> values;
      if (method.rfind("supervised:", 0) == 0) {
        // docs/protocols.md §5.1: the setting with the highest seed-mean of the target column over the pool's
        // runs; ties -> lower index.
        const std::string target = method.substr(11);
        const ColumnSpec* column = nullptr;
        for (const auto& c : spec.columns)
          if (c.id == target) column = &c;
        double best = -INFINITY;
        for (const auto& row_id : sel.pool) {
          std::vector<double> v;
          bool reported_nan = false;  // as the rows: a metric's own NaN makes the mean NaN
          for (const auto& r : res.runs)
            if (r.row == row_id && in_pool(r.row, r.seed) && column) {
              v.push_back(number(r.metrics, column->key));
              const auto it = r.metrics.find(column->key);
              reported_nan = reported_nan || (it != r.metrics.end() && it->is_null());
            }
          const double m = reported_nan ? NAN : summarise(v).mean;
          if (std::isfinite(m) && m > best) {
            best = m;
            out.chosen_row = row_id;
          }
        }
        if (out.chosen_row.empty()) continue;
        for (const auto& r : res.runs)
          if (r.row == out.chosen_row && in_pool(r.row, r.seed)) {
            out.chosen.push_back(r.run_dir);
            for (const auto& col : spec.columns)
              values[col.id].push_back(number(r.metrics, col.key));
          }
      } else {
        for (const auto& j : jobs) {
          if (j.stage != "select" || !job_done(j) || j.meta["selection"] != sel.id ||
              j.meta["method"] != method)
            continue;
          const std::string file = j.meta["result"].get<std::string>();
          Json s = read_json(file);
          std::string dir = chosen_dir(s, file);
          out.chosen.push_back(dir);
          if (out.scores.empty() && s.contains("models")) out.scores = s["models"];
          auto m = metrics_of_run.find(run_key(dir));
          if (m == metrics_of_run.end()) continue;
          Json scores = scores_of(read_json(m->second));
          for (const auto& col : spec.columns) values[col.id].push_back(number(scores, col.key));
        }
        if (out.chosen.empty()) continue;
        for (const auto& r : res.runs)
          if (run_key(r.run_dir) == run_key(out.chosen[0]) && spec.row(r.row).snapshot_of.empty())
            out.chosen_row = r.row;
      }
      for (auto& [col, v] : values) out.columns[col] = summarise(v);
      res.selections.push_back(out);
    }
  }
  return res;
}

void write_results(const Spec& spec, const Results& res, const std::string& out_dir) {
  // One line per run, every score key that any run has (stable order: sorted).
  std::set<std::string> keys;
  for (const auto& r : res.runs)
    for (auto it = r.metrics.begin(); it != r.metrics.end(); ++it)
      if (it->is_number()) keys.insert(it.key());
  std::ostringstream csv;
  csv << "row,label,seed,run_dir";
  for (const auto& k : keys) csv << "," << csv_field(k);
  csv << "\n";
  for (const auto& r : res.runs) {
    csv << csv_field(r.row) << "," << csv_field(spec.row(r.row).label) << "," << r.seed << ","
        << csv_field(r.run_dir);
    for (const auto& k : keys) {
      double v = number(r.metrics, k);
      csv << "," << (std::isfinite(v) ? format_number(v) : "");
    }
    csv << "\n";
  }
  write_file_atomic(out_dir + "/results.csv", csv.str());

  auto stat_json = [](const Stat& s) {
    return Json{{"mean", std::isfinite(s.mean) ? Json(s.mean) : Json()},
                {"std", std::isfinite(s.std) ? Json(s.std) : Json()},
                {"n", s.n},
                {"nan", s.nan}};
  };
  Json j;
  j["spec"] = spec.name;
  j["rows"] = Json::object();
  for (const auto& [row, cols] : res.rows)
    for (const auto& [col, s] : cols) j["rows"][row][col] = stat_json(s);
  j["selections"] = Json::array();
  for (const auto& s : res.selections) {
    Json e{{"selection", s.selection},
           {"method", s.method},
           {"chosen", s.chosen},
           {"chosen_row", s.chosen_row},
           {"pool_size", res.pool_sizes.count(s.selection) ? res.pool_sizes.at(s.selection) : 0}};
    for (const auto& [col, st] : s.columns) e["columns"][col] = stat_json(st);
    j["selections"].push_back(e);
  }
  j["missing_jobs"] = res.missing_jobs;
  write_file_atomic(out_dir + "/results.json", j.dump(1) + "\n");
}

}  // namespace fb::reports
