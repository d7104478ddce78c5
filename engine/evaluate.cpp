#include "engine/evaluate.h"

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>

#include "core/atomic_output.h"
#include "core/config.h"
#include "core/error.h"
#include "core/progress.h"
#include "core/provenance.h"
#include "core/threads.h"
#include "datagen/file_info.h"
#include "engine/checkpoint.h"
#include "engine/factor_classifier.h"
#include "engine/model.h"
#include "engine/model_metric_inputs.h"
#include "engine/run_dir.h"
#include "engine/runtime.h"
#include "metrics/metric.h"

namespace fb::engine {

namespace {

// The options checked and parsed once.
struct Checked {
  metrics::Protocol protocol;
  metrics::SklearnEra era;
  torch::Device device;
};

Checked check_options(const EvaluateOptions& o) {
  require(o.representation == "mean" || o.representation == "sampled", "--representation",
          "must be mean or sampled", o.representation);
  require(o.metric_config.is_object(), "--config", "must be a JSON object of metric -> config",
          o.metric_config.dump());
  return {metrics::parse_protocol(o.protocol), metrics::parse_era(o.era), parse_device(o.device)};
}

// A metric's config as evaluate runs it: the user's overrides, and evaluate's representation for
// every metric that has one.
Json metric_config(const EvaluateOptions& o, const std::string& name) {
  Json cfg = o.metric_config.value(name, Json::object());
  if (metrics::metric_registry().get(name).defaults.contains("representation"))
    cfg["representation"] = o.representation;
  return cfg;
}

// A config for an unknown metric is a typo, and a bad config or name fails before any work.
void check_metric_configs(const EvaluateOptions& o) {
  for (auto it = o.metric_config.begin(); it != o.metric_config.end(); ++it)
    metrics::make_metric(it.key(), metric_config(o, it.key()));
  if (!(o.metrics.size() == 1 && (o.metrics[0] == "all" || o.metrics[0] == "none")))
    for (const auto& name : o.metrics) metrics::metric_registry().get(name);
}

// The run's model, its oracle dataset and the classifier, on `device`.
struct LoadedRun {
  Json run_config;
  std::unique_ptr<Model> model;
  std::unique_ptr<data::Dataset> dataset;
  std::optional<FactorClassifier> classifier;
};

LoadedRun load(const EvaluateOptions& o, torch::Device device) {
  LoadedRun r;
  if (!o.classifier.empty()) r.classifier.emplace(FactorClassifier::load(o.classifier, device));
  RunDir run(o.run_dir);
  r.run_config = run.read_config();
  // load_run_model takes a path relative to the run directory.
  const std::string file =
      o.snapshot.empty() ? "" : run.snapshot_path(o.snapshot).substr(run.path().size() + 1);
  if (!o.snapshot.empty() && !std::filesystem::exists(run.snapshot_path(o.snapshot)))
    throw DataError(run.path() + ": no snapshot '" + o.snapshot +
                    "' (the model keeps: see its snapshots/ folder)");
  r.model = load_run_model(run, device, file);
  r.dataset = o.dataset.empty() ? data::open_dataset(r.run_config.at("dataset").get<std::string>(),
                                                     r.run_config.value("dataset_config", Json()))
                                : data::open_dataset(o.dataset);
  return r;
}

struct Scored {
  Json scores = Json::object();
  Json resolved = Json::object();  ///< metric -> its full config, as run
  Json seconds = Json::object();
};

// Runs `names` in order (built first, so a bad config fails before any work).
Scored run_metrics(const EvaluateOptions& o, const std::vector<std::string>& names,
                   const metrics::MetricInputs& inputs) {
  Scored out;
  std::vector<std::unique_ptr<metrics::Metric>> built;
  for (const auto& name : names) {
    const Json cfg = metric_config(o, name);
    built.push_back(metrics::make_metric(name, cfg));
    Json full = metrics::metric_registry().get(name).defaults;
    full.update(cfg);
    out.resolved[name] = full;
  }
  Progress progress("evaluate", static_cast<std::int64_t>(names.size()), "metrics",
                    Progress::quiet_default());
  for (std::size_t i = 0; i < names.size(); ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    const Json s = built[i]->evaluate(inputs);
    for (auto it = s.begin(); it != s.end(); ++it) out.scores[it.key()] = it.value();
    out.seconds[names[i]] =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    progress.update(static_cast<std::int64_t>(i + 1));
  }
  progress.finish();
  return out;
}

void write_result(const EvaluateOptions& o, const Checked& c, const LoadedRun& run, const Scored& s,
                  AtomicOutput& out) {
  Json result;
  result["run_dir"] = o.run_dir;
  result["snapshot"] = o.snapshot;
  result["model"] = run.run_config.value("model", std::string());
  result["protocol"] = metrics::to_string(c.protocol);
  result["representation"] = o.representation;
  result["era"] = metrics::to_string(c.era);
  result["seed"] = o.seed;
  result["device"] = o.device;  // of the encoder and classifier passes; the metrics ran on the CPU
  if (!o.classifier.empty()) result["classifier"] = o.classifier;
  result["scores"] = s.scores;
  result["config"] = s.resolved;
  result["seconds"] = s.seconds;
  result["provenance"] = provenance();
  result["provenance"]["dataset"] =
      o.dataset.empty() ? data::dataset_provenance(run.run_config.at("dataset").get<std::string>(),
                                                   run.run_config.value("dataset_config", Json()))
                        : data::dataset_provenance(o.dataset, Json());
  write_file(out.partial(), result.dump(1) + "\n");
  out.commit();
}

}  // namespace

Json evaluate_run(const EvaluateOptions& o) {
  const Checked checked = check_options(o);
  check_metric_configs(o);
  AtomicOutput out(o.out, o.force);
  configure_threads(o.threads);
  LoadedRun run = load(o, checked.device);
  const ModelMetricInputs inputs(*run.model, *run.dataset,
                                 run.classifier ? &*run.classifier : nullptr, checked.device,
                                 checked.protocol, checked.era, o.seed);
  const auto names = metrics::select_metrics(o.metrics, inputs.available());
  const Scored scored = run_metrics(o, names, inputs.inputs());
  write_result(o, checked, run, scored, out);
  return scored.scores;
}

}  // namespace fb::engine
