// A job of a reproduction: an id, the stage it belongs to, and its kind's typed options (no command line).
// The manifest stores each job as JSON ({"id", "stage", "kind", "options", "device", "outputs", "after",
// "meta"}); `run-job` reads it back and calls reports::run_job (reports/run_job.h), which calls the library
// (engine::train, engine::train_classifier, engine::evaluate_run, methods::select_models,
// methods::traversal_grid) directly. Renaming a command-line flag therefore cannot change what a job does.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "core/json.h"

namespace fb::reports {

/// Trains (or resumes) one model into a run directory (engine::train).
struct TrainJob {
  static constexpr const char* kKind = "train";
  std::string model;
  Json model_config = Json::object();
  std::string dataset;
  Json dataset_config = Json::object();
  std::int64_t steps = 0;   ///< total steps (0 when `epochs` is given)
  std::int64_t epochs = 0;  ///< > 0: epochs instead of steps
  std::int64_t batch = 64;
  std::int64_t seed = 0;
  std::string sampling = "iid";
  std::int64_t checkpoint_every = 10000;
  std::string out;  ///< run directory
  template <class V>
  void visit(V&& v) {
    v("model", model, "model registry name");
    v("model_config", model_config, "the row's model keys (defaults fill the rest)");
    v("dataset", dataset, "dataset registry name or HDF5 file");
    v("dataset_config", dataset_config, "dataset options");
    v("steps", steps, "total optimisation steps (0 when epochs is given)");
    v("epochs", epochs, "> 0: train this many epochs instead of steps");
    v("batch", batch, "batch size");
    v("seed", seed, "run seed");
    v("sampling", sampling, "data order: iid or epochs");
    v("checkpoint_every", checkpoint_every, "steps between checkpoints");
    v("out", out, "run directory");
  }
};

/// Trains the factor classifier every evaluation of the spec reads (engine::train_classifier).
struct ClassifierJob {
  static constexpr const char* kKind = "train_classifier";
  std::string dataset;
  Json dataset_config = Json::object();
  Json config = Json::object();  ///< FactorClassifierConfig keys (the preset's `classifier`)
  std::int64_t seed = 0;
  std::string out;  ///< classifier directory
  template <class V>
  void visit(V&& v) {
    v("dataset", dataset, "dataset registry name or HDF5 file");
    v("dataset_config", dataset_config, "dataset options");
    v("config", config, "factor classifier keys");
    v("seed", seed, "seed of the split, order and initialisation");
    v("out", out, "classifier directory");
  }
};

/// Scores one run (or one of its snapshots) with the spec's metrics (engine::evaluate_run).
struct EvaluateJob {
  static constexpr const char* kKind = "evaluate";
  std::string run_dir;
  std::string snapshot;  ///< "" = the final model
  std::vector<std::string> metrics;
  std::string protocol = "dl";
  std::string representation = "mean";
  Json metric_config = Json::object();  ///< the preset's metric -> config overrides
  std::int64_t seed = 0;
  std::string classifier;  ///< factor classifier directory ("" = none)
  /// The preset's `evaluate` sample sizes; 0 keeps evaluate's default.
  std::int64_t nmi_samples = 0, ent_samples = 0, fd_samples = 0;
  std::string out;  ///< metrics JSON
  template <class V>
  void visit(V&& v) {
    v("run_dir", run_dir, "the training run");
    v("snapshot", snapshot, "a named snapshot of the run (empty: the final model)");
    v("metrics", metrics, "metric registry names");
    v("protocol", protocol, "dl or cr (docs/protocols.md §4.1)");
    v("representation", representation, "mean or sampled");
    v("metric_config", metric_config, "metric name -> config overrides");
    v("seed", seed, "metric seed");
    v("classifier", classifier, "factor classifier directory (empty: none)");
    v("nmi_samples", nmi_samples, "real images for nmi_q / prior_rmse (0: evaluate's default)");
    v("ent_samples", ent_samples, "generated images per code value (0: evaluate's default)");
    v("fd_samples", fd_samples, "real and generated images for fd_fb (0: evaluate's default)");
    v("out", out, "metrics JSON to write");
  }
};

/// One repeat of an unsupervised selection over a pool of runs (methods::select_models).
struct SelectJob {
  static constexpr const char* kKind = "select";
  std::string pool;  ///< a file listing the pool's run directories
  std::string method;
  Json config = Json::object();  ///< selector keys (the preset's)
  std::int64_t seed = 0;         ///< the repeat
  std::string out;               ///< selection JSON
  template <class V>
  void visit(V&& v) {
    v("pool", pool, "file listing one run directory per line");
    v("method", method, "selector name");
    v("config", config, "selector keys");
    v("seed", seed, "seed of generation and observation sampling (the repeat)");
    v("out", out, "selection JSON to write");
  }
};

/// Latent traversals of the model a selection chose (methods::traversal_grid), as a PNG.
struct TraverseJob {
  static constexpr const char* kKind = "traverse";
  std::string selection;  ///< selection JSON
  std::string out;        ///< PNG
  template <class V>
  void visit(V&& v) {
    v("selection", selection, "selection JSON whose chosen run is traversed");
    v("out", out, "PNG to write");
  }
};

using JobTask = std::variant<TrainJob, ClassifierJob, EvaluateJob, SelectJob, TraverseJob>;

struct Job {
  std::string id;              ///< "train/factor_vae_g10/seed-3"
  std::string stage;           ///< train | evaluate | select | traverse (a Slurm array per stage)
  JobTask task;                ///< what to run, typed
  std::string device = "cpu";  ///< cpu | cuda | cuda:N
  std::vector<std::string> outputs;  ///< files whose existence means the job is done
  std::vector<std::string> after;    ///< ids of jobs that must finish first
  Json meta = Json::object();  ///< row, seed, selection, method, repeat (for the results store)

  /// The task's kind name ("train", "train_classifier", "evaluate", "select", "traverse").
  std::string kind() const;
};

/// The manifest form of a job.
Json job_to_json(const Job& job);
/// Reads job_to_json's form back; unknown keys or kinds are a DataError naming `where`. A job written by an
/// older factorbench (a command line, "argv") is refused with a one-line message asking for a re-run.
Job job_from_json(const Json& json, const std::string& where);

/// Rewrites every path under `from` (outputs, path options, meta) to lie under `to` instead.
void rebase_job(Job& job, const std::string& from, const std::string& to);

}  // namespace fb::reports
