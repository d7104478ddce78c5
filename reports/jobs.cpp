#include "reports/jobs.h"

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

std::string join(const std::vector<std::string>& v, char sep) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : std::string(1, sep)) + x;
  return s;
}

// The preset's selector settings for `method`: its family's ("udr" for both UDR variants), then its own.
Json selection_config(const Preset& preset, const std::string& method) {
  Json cfg = Json::object();
  if (method.rfind("udr-", 0) == 0 && preset.selection.contains("udr"))
    cfg.update(preset.selection["udr"]);
  if (preset.selection.contains(method)) cfg.update(preset.selection[method]);
  return cfg;
}

// The preset's `evaluate` block: sample sizes of the model-side scores (unknown keys are refused).
struct EvaluateSampleSizes {
  std::int64_t nmi_samples = 0, ent_samples = 0, fd_samples = 0;
  template <class V>
  void visit(V&& v) {
    v("nmi_samples", nmi_samples, "real images for nmi_q / prior_rmse");
    v("ent_samples", ent_samples, "generated images per code value for nmi and ent");
    v("fd_samples", fd_samples, "real and generated images for fd_fb");
  }
};

// What every phase reads: the spec, the preset, the output directory and the dataset options.
struct Expansion {
  const Spec& spec;
  const Preset& preset;
  const std::string& out;
  Json dataset_config;  ///< the spec's, overlaid with the preset's
  std::string classifier_dir() const { return out + "/classifier"; }
};

// Phase 1: the factor classifier, trained beside the models (train stage); every evaluation reads it.
void add_classifier_job(const Expansion& x, std::vector<Job>& jobs) {
  if (!x.spec.classifier) return;
  ClassifierJob c;
  c.o.dataset = x.spec.dataset;
  c.o.dataset_config = x.dataset_config;
  c.o.dataset_config.update(x.spec.classifier_dataset_config);
  c.o.config = x.preset.classifier;
  c.o.seed = 0;
  c.o.out = x.classifier_dir();
  Job j;
  j.id = "classifier";
  j.stage = "train";
  j.task = c;
  j.outputs = {c.o.out + "/provenance.json"};  // written last
  j.meta = {{"classifier", c.o.out}};
  j.cost = x.preset.job_costs.classifier;
  jobs.push_back(j);
}

// Phase 2: one training job per run of every row that trains a model.
void add_train_jobs(const Expansion& x, std::vector<Job>& jobs) {
  for (const auto& row : x.spec.rows) {
    if (row.model.empty()) continue;
    for (std::int64_t seed = 0; seed < x.preset.runs(row); ++seed) {
      TrainJob t;
      t.o.model = row.model;
      t.o.model_config = row.config;
      t.o.dataset = x.spec.dataset;
      t.o.dataset_config = x.dataset_config;
      if (!x.spec.run_dataset_key.empty())
        t.o.dataset_config[x.spec.run_dataset_key] = seed;  // one dataset per run
      if (row.epochs > 0)
        t.o.epochs = x.preset.epochs(row);
      else
        t.o.steps = x.preset.steps(row);
      t.o.batch = x.preset.batch(x.spec);
      t.o.seed = seed;
      t.o.sampling = row.sampling;
      t.o.checkpoint_every = x.preset.checkpoint_every;
      t.o.out = run_dir(x.out, row.id, seed);
      Job j;
      j.id = train_id(row.id, seed);
      j.stage = "train";
      j.task = t;
      j.outputs = {t.o.out + "/model.pt"};
      j.meta = {{"row", row.id}, {"seed", seed}, {"run_dir", t.o.out}};
      const double steps = t.o.epochs > 0
                               ? static_cast<double>(t.o.epochs) * x.preset.job_costs.epoch_images /
                                     static_cast<double>(t.o.batch)
                               : static_cast<double>(t.o.steps);
      j.cost = x.preset.job_costs.train(row.model, static_cast<std::int64_t>(steps), t.o.batch);
      jobs.push_back(j);
    }
  }
}

// Phase 3: one evaluation per run of every row (a snapshot row scores its source row's runs).
void add_evaluate_jobs(const Expansion& x, std::vector<Job>& jobs) {
  const auto sizes = parse<EvaluateSampleSizes>(x.preset.evaluate, "preset.evaluate");
  for (const auto& row : x.spec.rows) {
    const bool snapshot = !row.snapshot_of.empty();
    if (row.model.empty() && !snapshot) continue;
    const RowSpec& source = snapshot ? x.spec.row(row.snapshot_of) : row;
    for (std::int64_t seed = 0; seed < x.preset.runs(source); ++seed) {
      EvaluateJob e;
      e.o.run_dir = run_dir(x.out, source.id, seed);
      e.o.snapshot = snapshot ? row.snapshot : "";
      e.o.metrics = x.spec.metrics;
      e.o.protocol = x.spec.protocol;
      e.o.representation = row.representation;
      e.o.metric_config = x.preset.metrics;
      e.o.seed = 0;  // the same metric sample for every model of the table
      e.nmi_samples = sizes.nmi_samples;
      e.ent_samples = sizes.ent_samples;
      e.fd_samples = sizes.fd_samples;
      e.o.out = x.out + "/metrics/" + row.id + "/seed-" + std::to_string(seed) + ".json";
      Job j;
      j.id = "evaluate/" + row.id + "/seed-" + std::to_string(seed);
      j.stage = "evaluate";
      j.after = {train_id(source.id, seed)};
      if (x.spec.classifier) {
        e.o.classifier = x.classifier_dir();
        j.after.push_back("classifier");
      }
      j.task = e;
      j.outputs = {e.o.out};
      j.meta = {{"row", row.id}, {"seed", seed}, {"run_dir", e.o.run_dir}, {"metrics", e.o.out}};
      j.cost = x.preset.job_costs.evaluate;
      jobs.push_back(j);
    }
  }
}

// Phase 4: each selection's pool file, its repeats of every unsupervised method, and the traversals of
// the model the first repeat chose (for the report). Supervised methods come from the metrics instead.
void add_selection_jobs(const Expansion& x, std::vector<Job>& jobs) {
  for (const auto& sel : x.spec.selections) {
    std::vector<std::string> pool_dirs, after;
    for (const auto& row_id : sel.pool) {
      const RowSpec& row = x.spec.row(row_id);
      for (std::int64_t seed = 0; seed < pool_runs(sel, row, x.preset); ++seed) {
        pool_dirs.push_back(run_dir(x.out, row_id, seed));
        after.push_back(train_id(row_id, seed));
      }
    }
    const std::string dir = x.out + "/selections/" + sel.id;
    fs::create_directories(dir);
    write_file_atomic(dir + "/pool.txt", join(pool_dirs, '\n') + "\n");
    for (const auto& method : sel.methods) {
      if (method.rfind("supervised:", 0) == 0) continue;  // the results store computes it
      for (std::int64_t r = 0; r < x.preset.selection_repeats; ++r) {
        SelectJob s;
        s.o.pool = dir + "/pool.txt";
        s.o.method = method;
        s.o.config = selection_config(x.preset, method);
        s.o.seed = r;
        s.o.out = dir + "/" + method + "-r" + std::to_string(r) + ".json";
        Job j;
        j.id = "select/" + sel.id + "/" + method + "/r" + std::to_string(r);
        j.stage = "select";
        j.task = s;
        j.outputs = {s.o.out};
        j.after = after;
        j.meta = {{"selection", sel.id}, {"method", method}, {"repeat", r}, {"result", s.o.out}};
        j.cost = x.preset.job_costs.select(method, static_cast<std::int64_t>(pool_dirs.size()));
        jobs.push_back(j);
        if (r != 0) continue;
        TraverseJob t;
        t.o.selection = s.o.out;
        t.out = x.out + "/traversals/" + sel.id + "-" + method + ".png";
        Job tj;
        tj.id = "traverse/" + sel.id + "/" + method;
        tj.stage = "traverse";
        tj.task = t;
        tj.outputs = {t.out};
        tj.after = {j.id};
        tj.meta = {{"selection", sel.id}, {"method", method}};
        tj.cost = x.preset.job_costs.traverse;
        jobs.push_back(tj);
      }
    }
  }
}

}  // namespace

std::string job_file_name(const std::string& id) {
  std::string s;
  for (char c : id) s += c == '/' ? std::string("__") : std::string(1, c);
  return s;
}

std::vector<Job> expand_jobs(const Spec& spec, const Preset& preset, const std::string& out,
                             const std::string& device) {
  fs::create_directories(out);  // the manifest and the pool files go there
  Expansion x{spec, preset, out, spec.dataset_config};
  x.dataset_config.update(preset.dataset_config);
  std::vector<Job> jobs;
  add_classifier_job(x, jobs);
  add_train_jobs(x, jobs);
  add_evaluate_jobs(x, jobs);
  add_selection_jobs(x, jobs);
  for (auto& j : jobs) j.device = preset.devices.for_stage(j.stage, device);
  return jobs;
}

void rebase_jobs(std::vector<Job>& jobs, const std::string& from, const std::string& to) {
  for (auto& j : jobs) rebase_job(j, from, to);
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
  for (const auto& j : jobs) m["jobs"].push_back(job_to_json(j));
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
