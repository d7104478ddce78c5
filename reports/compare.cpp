#include "reports/compare.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include "core/atomic_output.h"
#include "core/config.h"
#include "core/error.h"
#include "core/rng.h"
#include "core/sha256.h"
#include "reports/jobs.h"
#include "reports/spec.h"

namespace fs = std::filesystem;

namespace fb::reports {

namespace {

// One result directory as compare sees it: its manifest (jobs rebased to where the directory is now) and,
// per row, each seed's scores.
struct Side {
  std::string dir;            // absolute, where it is now
  std::string written_under;  // the manifest's out_dir, which the files' contents name
  Manifest manifest;
  Spec spec;
  std::map<std::string, std::map<std::int64_t, Json>>
      scores;  // row -> seed -> metrics.json "scores"
};

Json read_json_file(const std::string& path) {
  try {
    return Json::parse(read_file(path));
  } catch (const Json::parse_error& e) {
    throw DataError(path + ": invalid JSON (" + std::string(e.what()) + ")");
  }
}

Side load_side(const std::string& dir) {
  Side s;
  if (!fs::is_directory(dir)) throw DataError(dir + ": no such directory");
  s.dir = fs::absolute(dir).lexically_normal().string();
  if (s.dir.size() > 1 && s.dir.back() == '/') s.dir.pop_back();
  const std::string manifest_path = s.dir + "/manifest.json";
  if (!fs::exists(manifest_path))
    throw DataError(manifest_path + ": missing (not a `factorbench reproduce` output directory)");
  s.manifest = read_manifest(manifest_path);
  try {
    s.spec = parse<Spec>(s.manifest.spec, manifest_path + ": spec");
  } catch (const ConfigError& e) {
    throw DataError(e.what());  // a bad stored file, not a bad option
  }
  s.written_under = s.manifest.out_dir;
  if (!s.written_under.empty() && s.written_under != s.dir)
    rebase_jobs(s.manifest.jobs, s.written_under, s.dir);
  for (const auto& j : s.manifest.jobs) {
    if (j.stage != "evaluate" || !job_done(j)) continue;
    const std::string where = manifest_path + ": job " + j.id + ".meta";
    if (!j.meta.contains("row") || !j.meta.contains("seed") || !j.meta.contains("metrics") ||
        !j.meta["row"].is_string() || !j.meta["seed"].is_number_integer() ||
        !j.meta["metrics"].is_string())
      throw DataError(where + ": needs row (string), seed (integer) and metrics (path)");
    const std::string file = j.meta["metrics"].get<std::string>();
    Json m = read_json_file(file);
    Json scores = m.is_object() && m.contains("scores") ? m["scores"] : m;
    if (!scores.is_object())
      throw DataError(file + ": scores: must be an object (got " + json_kind(scores) + ")");
    s.scores[j.meta["row"].get<std::string>()][j.meta["seed"].get<std::int64_t>()] = scores;
  }
  return s;
}

// The seed -> score map of one column of one row; a missing key or null is a missing score.
std::map<std::int64_t, double> column_values(const Side& s, const std::string& row,
                                             const std::string& key) {
  std::map<std::int64_t, double> out;
  auto r = s.scores.find(row);
  if (r == s.scores.end()) return out;
  for (const auto& [seed, scores] : r->second) {
    auto it = scores.find(key);
    if (it == scores.end() || it->is_null()) continue;
    if (!it->is_number()) {
      std::string file;
      for (const auto& j : s.manifest.jobs)
        if (j.stage == "evaluate" && j.meta.value("row", "") == row &&
            j.meta.value("seed", -1) == seed)
          file = j.meta["metrics"].get<std::string>();
      throw DataError(file + ": scores." + key + ": must be a number (got " + json_kind(*it) + ")");
    }
    if (std::isfinite(it->get<double>())) out[seed] = it->get<double>();
  }
  return out;
}

std::string file_sha256(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw DataError(path + ": cannot be read");
  Sha256 h;
  std::vector<char> buf(1 << 20);
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    h.update(buf.data(), static_cast<std::size_t>(in.gcount()));
  }
  return h.hex();
}

// A JSON output without what legitimately differs between two runs of the same code: timings, provenance
// (commit, host, time) and the absolute directory the run was written in.
void strip_volatile(Json& j, const std::string& dir) {
  if (j.is_object()) {
    j.erase("provenance");
    j.erase("seconds");
    for (auto& v : j) strip_volatile(v, dir);
  } else if (j.is_array()) {
    for (auto& v : j) strip_volatile(v, dir);
  } else if (j.is_string() && !dir.empty()) {
    const std::string s = j.get<std::string>();
    if (s.compare(0, dir.size(), dir) == 0 && (s.size() == dir.size() || s[dir.size()] == '/'))
      j = "<dir>" + s.substr(dir.size());
  }
}

const Job* find_job(const Side& s, const std::string& id) {
  for (const auto& j : s.manifest.jobs)
    if (j.id == id) return &j;
  return nullptr;
}

std::string digest_of(const Side& s, const Job* job) {
  return job ? job_output_digest(job->outputs, s.dir, s.written_under) : "absent";
}

// The first job (in A's manifest order, then B's extra jobs) whose outputs differ.
JobDifference first_job_difference(const Side& a, const Side& b, int& compared) {
  for (const auto& j : a.manifest.jobs) {
    ++compared;
    const std::string da = digest_of(a, &j), db = digest_of(b, find_job(b, j.id));
    if (da != db) return {j.id, da, db};
  }
  for (const auto& j : b.manifest.jobs)
    if (!find_job(a, j.id)) {
      ++compared;
      return {j.id, "absent", digest_of(b, &j)};
    }
  return {};
}

std::string manifest_difference(const Side& a, const Side& b) {
  if (a.manifest.spec != b.manifest.spec)
    return "the specs differ ('" + a.spec.name + "' in A, '" + b.spec.name + "' in B" +
           (a.spec.name == b.spec.name ? ", edited" : "") + ")";
  if (a.manifest.preset != b.manifest.preset)
    return "the presets differ ('" + a.manifest.preset.value("name", std::string()) + "' in A, '" +
           b.manifest.preset.value("name", std::string()) + "' in B)";
  return "";
}

CellComparison compare_cell(const std::map<std::int64_t, double>& a,
                            const std::map<std::int64_t, double>& b, const CompareOptions& o,
                            std::uint64_t cell_seed, const std::string& better) {
  CellComparison c;
  c.better = better;
  std::vector<double> va, vb;
  for (const auto& [seed, v] : a) va.push_back(v);
  for (const auto& [seed, v] : b) vb.push_back(v);
  c.n_a = static_cast<int>(va.size());
  c.n_b = static_cast<int>(vb.size());
  if (c.n_a == 0 || c.n_b == 0) {
    c.verdict = c.n_a == 0 ? "only in B" : "only in A";
    return c;
  }
  double sa = 0, sb = 0;
  for (double v : va) sa += v;
  for (double v : vb) sb += v;
  c.mean_a = sa / c.n_a;
  c.mean_b = sb / c.n_b;
  c.difference = c.mean_b - c.mean_a;
  BootstrapOptions bo = o.bootstrap;
  bo.seed = cell_seed;
  // Seeds are paired across the directories (seed s trains on the same data order in both), so when both
  // scored the same seeds the per-seed differences are resampled: the seed-to-seed spread cancels.
  bool same_seeds = a.size() == b.size();
  for (auto ia = a.begin(), ib = b.begin(); same_seeds && ia != a.end(); ++ia, ++ib)
    same_seeds = ia->first == ib->first;
  c.paired = same_seeds;
  if (same_seeds) {
    std::vector<double> d;
    bool equal = true;
    for (auto ia = a.begin(), ib = b.begin(); ia != a.end(); ++ia, ++ib) {
      d.push_back(ib->second - ia->second);
      equal = equal && ib->second == ia->second;
    }
    c.ci = bootstrap_mean(d, bo);
    if (equal) {
      c.verdict = "identical";
      return c;
    }
  } else {
    c.ci = bootstrap_mean_difference(va, vb, bo);
  }
  if (std::min(c.n_a, c.n_b) < o.min_seeds) {
    c.verdict = "too few seeds";
  } else if (c.ci.lo > 0 || c.ci.hi < 0) {
    const bool up = c.ci.lo > 0;
    c.verdict = up == (c.better == "higher") ? "better" : "worse";
  } else {
    c.verdict = "no detectable change";
  }
  return c;
}

void check(const CompareOptions& o) {
  require(std::isfinite(o.tolerance) && o.tolerance >= 0, "--tolerance", "must be >= 0",
          format_number(o.tolerance));
  for (const auto& [col, t] : o.tolerances)
    require(std::isfinite(t) && t >= 0, "--tolerance " + col, "must be >= 0", format_number(t));
  require(o.min_seeds >= 2, "--min-seeds", "must be >= 2", std::to_string(o.min_seeds));
}

}  // namespace

std::string job_output_digest(const std::vector<std::string>& outputs, const std::string& dir,
                              const std::string& written_under) {
  Sha256 h;
  for (const auto& o : outputs) {
    const bool json = fs::path(o).extension() == ".json";
    // A stored reference may keep a large output as its SHA-256 alone, in FILE.sha256
    // (scripts/store-reference.py): the digest is then the same as with the file itself.
    const bool sidecar = !json && !fs::exists(o) && fs::exists(o + ".sha256");
    if (!fs::exists(o) && !sidecar) return "missing";
    const std::string rel = fs::path(o).lexically_relative(dir).string();
    h.update(rel);
    h.update("\n", 1);
    std::string content;
    if (sidecar) {
      content = read_file(o + ".sha256").substr(0, 64);
    } else if (json) {
      try {
        Json j = Json::parse(read_file(o));
        strip_volatile(j, written_under);
        content = j.dump();
      } catch (const Json::parse_error&) {
        content = file_sha256(o);  // not JSON after all: its bytes decide
      }
    } else {
      content = file_sha256(o);
    }
    h.update(content);
    h.update("\n", 1);
  }
  return h.hex();
}

int CompareResult::failures() const {
  int n = 0;
  for (const auto& c : cells) n += c.fails;
  return n;
}

std::string CompareResult::identity() const {
  if (identical) return "identical";
  if (!first_difference.job.empty())
    return "not identical: first differing job " + first_difference.job + " (digest " +
           first_difference.digest_a.substr(0, 12) + " in A, " +
           first_difference.digest_b.substr(0, 12) + " in B)";
  return "not identical: " + manifest_difference;
}

CompareResult compare_results(const std::string& dir_a, const std::string& dir_b,
                              const CompareOptions& o) {
  check(o);
  const Side a = load_side(dir_a), b = load_side(dir_b);
  CompareResult r;
  r.dir_a = a.dir;
  r.dir_b = b.dir;
  r.spec_a = a.spec.name;
  r.spec_b = b.spec.name;
  r.preset_a = a.manifest.preset.value("name", std::string());
  r.preset_b = b.manifest.preset.value("name", std::string());
  r.options = o;
  r.first_difference = first_job_difference(a, b, r.jobs_compared);
  r.manifest_difference = manifest_difference(a, b);
  r.identical = r.first_difference.job.empty() && r.manifest_difference.empty();
  char conf[16];
  std::snprintf(conf, sizeof conf, "%g", 100 * o.bootstrap.confidence);
  r.method = std::string(conf) + " % percentile bootstrap of mean(B) − mean(A) over seeds (" +
             std::to_string(o.bootstrap.resamples) + " resamples, seed " +
             std::to_string(o.bootstrap.seed) +
             "): per-seed differences resampled where both directories scored the same seeds "
             "(paired), otherwise "
             "each directory's seeds resampled independently. A verdict needs " +
             std::to_string(o.min_seeds) + " seeds per side.";

  // Columns and rows in B's order (the newer run), then what only A has.
  std::vector<ColumnSpec> columns = b.spec.columns;
  for (const auto& c : a.spec.columns)
    if (std::none_of(columns.begin(), columns.end(),
                     [&](const ColumnSpec& x) { return x.id == c.id; }))
      columns.push_back(c);
  // (Not a structured binding: C++17 lambdas cannot capture those, and clang refuses it.)
  for (const auto& tolerance : o.tolerances) {
    const std::string& col = tolerance.first;
    if (std::none_of(columns.begin(), columns.end(),
                     [&](const ColumnSpec& x) { return x.id == col; }))
      throw ConfigError("--tolerance " + col + "=" + format_number(tolerance.second) +
                        ": no column '" + col + "' in either spec");
  }
  std::vector<std::pair<std::string, std::string>> rows;  // id, label
  for (const auto* s : {&b, &a})
    for (const auto& row : s->spec.rows)
      if (std::none_of(rows.begin(), rows.end(), [&](const auto& x) { return x.first == row.id; }))
        rows.emplace_back(row.id, row.label);
  auto key_in = [](const Spec& spec, const std::string& column) -> std::string {
    for (const auto& c : spec.columns)
      if (c.id == column) return c.key;
    return "";
  };
  for (const auto& [row, label] : rows)
    for (const auto& col : columns) {
      const std::string ka = key_in(a.spec, col.id), kb = key_in(b.spec, col.id);
      const auto va = ka.empty() ? std::map<std::int64_t, double>() : column_values(a, row, ka);
      const auto vb = kb.empty() ? std::map<std::int64_t, double>() : column_values(b, row, kb);
      if (va.empty() && vb.empty()) continue;
      const std::uint64_t cell_seed = mix64(o.bootstrap.seed ^ hash_name(row + "/" + col.id));
      CellComparison c = compare_cell(va, vb, o, cell_seed, col.better);
      c.row = row;
      c.row_label = label;
      c.column = col.id;
      c.column_label = col.label;
      auto t = o.tolerances.find(col.id);
      c.tolerance = t != o.tolerances.end() ? t->second : o.tolerance;
      c.fails = c.verdict == "worse" && std::fabs(c.difference) > c.tolerance;
      r.cells.push_back(c);
    }
  return r;
}

}  // namespace fb::reports
