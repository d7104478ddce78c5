#include "reports/jobs.h"

#include <algorithm>
#include <filesystem>

#include "core/atomic_output.h"
#include "core/config.h"
#include "core/error.h"

namespace fs = std::filesystem;

namespace fb::reports {

namespace {

std::string run_dir(const std::string& out, const std::string& row, std::int64_t seed) {
  return out + "/runs/" + row + "/seed-" + std::to_string(seed);
}

std::string train_id(const std::string& row, std::int64_t seed) {
  return "train/" + row + "/seed-" + std::to_string(seed);
}

// --set key=<JSON> for every key of a config object (JSON text parses back to the same value).
void push_sets(std::vector<std::string>& argv, const char* flag, const Json& config) {
  for (auto it = config.begin(); it != config.end(); ++it) {
    argv.push_back(flag);
    argv.push_back(it.key() + "=" +
                   (it.value().is_string() ? it.value().get<std::string>() : it.value().dump()));
  }
}

std::string join(const std::vector<std::string>& v, char sep) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : std::string(1, sep)) + x;
  return s;
}

Json to_json(const Job& j) {
  return {{"id", j.id},           {"stage", j.stage}, {"argv", j.argv},
          {"outputs", j.outputs}, {"after", j.after}, {"meta", j.meta}};
}

Job job_from_json(const Json& j, const std::string& where) {
  try {
    Job job;
    job.id = j.at("id").get<std::string>();
    job.stage = j.at("stage").get<std::string>();
    job.argv = j.at("argv").get<std::vector<std::string>>();
    job.outputs = j.at("outputs").get<std::vector<std::string>>();
    job.after = j.at("after").get<std::vector<std::string>>();
    job.meta = j.value("meta", Json::object());
    return job;
  } catch (const Json::exception& e) {
    throw DataError(where + ": malformed job (" + std::string(e.what()) + ")");
  }
}

// The preset's selector settings for `method`: its family's ("udr" for both UDR variants), then its own.
Json selection_config(const Preset& preset, const std::string& method) {
  Json cfg = Json::object();
  if (method.rfind("udr-", 0) == 0 && preset.selection.contains("udr"))
    cfg.update(preset.selection["udr"]);
  if (preset.selection.contains(method)) cfg.update(preset.selection[method]);
  return cfg;
}

}  // namespace

std::string job_file_name(const std::string& id) {
  std::string s;
  for (char c : id) s += c == '/' ? std::string("__") : std::string(1, c);
  return s;
}

std::vector<Job> expand_jobs(const Spec& spec, const Preset& preset, const std::string& out,
                             const std::string& device) {
  fs::create_directories(out + "/config");
  // Metric and selection settings are files so every job of a stage reads the same ones.
  const std::string metric_config = out + "/config/metrics.json";
  write_file_atomic(metric_config, preset.metrics.dump(1) + "\n");

  Json dataset_config = spec.dataset_config;
  dataset_config.update(preset.dataset_config);

  std::vector<Job> jobs;
  // The factor classifier trains beside the models (train stage); every evaluation reads it.
  const std::string classifier_dir = out + "/classifier";
  if (spec.classifier) {
    Job j;
    j.id = "classifier";
    j.stage = "train";
    j.argv = {"train-classifier", spec.dataset};
    Json classifier_data = dataset_config;
    classifier_data.update(spec.classifier_dataset_config);
    push_sets(j.argv, "--dataset-set", classifier_data);
    push_sets(j.argv, "--set", preset.classifier);
    j.argv.insert(j.argv.end(), {"--seed", "0", "--out", classifier_dir});
    j.outputs = {classifier_dir + "/provenance.json"};  // written last
    j.meta = {{"classifier", classifier_dir}};
    jobs.push_back(j);
  }
  for (const auto& row : spec.rows) {
    if (row.model.empty()) continue;
    for (std::int64_t seed = 0; seed < preset.runs(row); ++seed) {
      Job j;
      j.id = train_id(row.id, seed);
      j.stage = "train";
      const std::string dir = run_dir(out, row.id, seed);
      j.argv = {"train", "--model", row.model};
      push_sets(j.argv, "--set", row.config);
      j.argv.insert(j.argv.end(), {"--dataset", spec.dataset});
      Json run_data = dataset_config;
      if (!spec.run_dataset_key.empty())
        run_data[spec.run_dataset_key] = seed;  // one dataset per run
      push_sets(j.argv, "--dataset-set", run_data);
      if (row.epochs > 0)
        j.argv.insert(j.argv.end(), {"--epochs", std::to_string(preset.epochs(row))});
      else
        j.argv.insert(j.argv.end(), {"--steps", std::to_string(preset.steps(row))});
      j.argv.insert(j.argv.end(),
                    {"--batch", std::to_string(preset.batch(spec)), "--seed", std::to_string(seed),
                     "--sampling", row.sampling, "--checkpoint-every",
                     std::to_string(preset.checkpoint_every), "--out", dir});
      j.outputs = {dir + "/model.pt"};
      j.meta = {{"row", row.id}, {"seed", seed}, {"run_dir", dir}};
      jobs.push_back(j);
    }
  }
  for (const auto& row : spec.rows) {
    const bool snapshot = !row.snapshot_of.empty();
    if (row.model.empty() && !snapshot) continue;
    const RowSpec& source = snapshot ? spec.row(row.snapshot_of) : row;
    for (std::int64_t seed = 0; seed < preset.runs(source); ++seed) {
      Job j;
      j.id = "evaluate/" + row.id + "/seed-" + std::to_string(seed);
      j.stage = "evaluate";
      const std::string dir = run_dir(out, source.id, seed);
      const std::string result =
          out + "/metrics/" + row.id + "/seed-" + std::to_string(seed) + ".json";
      j.argv = {"evaluate",   dir,           "--metrics",        join(spec.metrics, ','),
                "--protocol", spec.protocol, "--representation", row.representation,
                "--config",   metric_config, "--seed",           "0",
                "--out",      result};
      if (snapshot) j.argv.insert(j.argv.end(), {"--snapshot", row.snapshot});
      for (auto it = preset.evaluate.begin(); it != preset.evaluate.end(); ++it) {
        std::string flag = "--" + it.key();
        std::replace(flag.begin(), flag.end(), '_', '-');
        j.argv.insert(j.argv.end(), {flag, std::to_string(it.value().get<std::int64_t>())});
      }
      j.outputs = {result};
      j.after = {train_id(source.id, seed)};
      if (spec.classifier) {
        j.argv.insert(j.argv.end(), {"--classifier", classifier_dir});
        j.after.push_back("classifier");
      }
      j.meta = {{"row", row.id}, {"seed", seed}, {"run_dir", dir}, {"metrics", result}};
      jobs.push_back(j);
    }
  }
  for (const auto& sel : spec.selections) {
    std::vector<std::string> pool_dirs, after;
    for (const auto& row_id : sel.pool) {
      const RowSpec& row = spec.row(row_id);
      for (std::int64_t seed = 0; seed < pool_runs(sel, row, preset); ++seed) {
        pool_dirs.push_back(run_dir(out, row_id, seed));
        after.push_back(train_id(row_id, seed));
      }
    }
    const std::string pool_file = out + "/selections/" + sel.id + "/pool.txt";
    fs::create_directories(out + "/selections/" + sel.id);
    write_file_atomic(pool_file, join(pool_dirs, '\n') + "\n");
    for (const auto& method : sel.methods) {
      if (method.rfind("supervised:", 0) == 0)
        continue;  // computed from metrics.json by the results store
      for (std::int64_t r = 0; r < preset.selection_repeats; ++r) {
        Job j;
        j.id = "select/" + sel.id + "/" + method + "/r" + std::to_string(r);
        j.stage = "select";
        const std::string result =
            out + "/selections/" + sel.id + "/" + method + "-r" + std::to_string(r) + ".json";
        j.argv = {"select", pool_file,         "--method", method,
                  "--seed", std::to_string(r), "--out",    result};
        push_sets(j.argv, "--set", selection_config(preset, method));
        j.outputs = {result};
        j.after = after;
        j.meta = {{"selection", sel.id}, {"method", method}, {"repeat", r}, {"result", result}};
        jobs.push_back(j);
        if (r == 0) {
          // The chosen model's latent traversals, for the report.
          Job t;
          t.id = "traverse/" + sel.id + "/" + method;
          t.stage = "traverse";
          const std::string png = out + "/traversals/" + sel.id + "-" + method + ".png";
          t.argv = {"traverse", "--selection", result, "--out", png};
          t.outputs = {png};
          t.after = {j.id};
          t.meta = {{"selection", sel.id}, {"method", method}};
          jobs.push_back(t);
        }
      }
    }
  }
  for (auto& j : jobs)
    j.argv.insert(j.argv.end(), {"--device", preset.devices.for_stage(j.stage, device)});
  return jobs;
}

void rebase_jobs(std::vector<Job>& jobs, const std::string& from, const std::string& to) {
  auto fix = [&](std::string& s) {
    if (s.compare(0, from.size(), from) == 0 && (s.size() == from.size() || s[from.size()] == '/'))
      s = to + s.substr(from.size());
  };
  for (auto& j : jobs) {
    for (auto& o : j.outputs) fix(o);
    for (auto& a : j.argv) fix(a);
    for (auto it = j.meta.begin(); it != j.meta.end(); ++it)
      if (it->is_string()) {
        std::string v = it->get<std::string>();
        fix(v);
        *it = v;
      }
  }
}

bool job_done(const Job& job) {
  for (const auto& o : job.outputs)
    if (!fs::exists(o)) return false;
  return true;
}

void write_manifest(const std::string& path, const Spec& spec, const Preset& preset,
                    const std::string& out_dir, const std::vector<Job>& jobs, const Json& run) {
  Json m;
  m["spec"] = fb::to_json(spec);
  m["preset"] = fb::to_json(preset);
  m["out_dir"] = out_dir;
  m["run"] = run;
  m["jobs"] = Json::array();
  for (const auto& j : jobs) m["jobs"].push_back(to_json(j));
  write_file_atomic(path, m.dump(1) + "\n");
}

Manifest read_manifest(const std::string& path) {
  Json m;
  try {
    m = Json::parse(read_file(path));
  } catch (const Json::parse_error& e) {
    throw DataError(path + ": not a valid manifest (" + std::string(e.what()) + ")");
  }
  Manifest out;
  out.spec = m.value("spec", Json::object());
  out.preset = m.value("preset", Json::object());
  out.out_dir = m.value("out_dir", "");
  out.run = m.value("run", Json::object());
  if (!m.contains("jobs") || !m["jobs"].is_array())
    throw DataError(path + ": manifest has no jobs");
  for (std::size_t i = 0; i < m["jobs"].size(); ++i)
    out.jobs.push_back(job_from_json(m["jobs"][i], path + ": jobs[" + std::to_string(i) + "]"));
  return out;
}

}  // namespace fb::reports
