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
#include "engine/classifier_training.h"
#include "engine/evaluate.h"
#include "engine/trainer.h"
#include "methods/select.h"
#include "methods/traversal.h"

namespace fb::reports {

/// Trains (or resumes) one model into a run directory: engine::train's options, the serialised ones listed.
struct TrainJob {
  static constexpr const char* kKind = "train";
  engine::TrainOptions o;  ///< device, threads and the stop flag come from the job and run_job
  template <class V>
  void visit(V&& v) {
    v("model", o.model, "model registry name");
    v("model_config", o.model_config, "the row's model keys (defaults fill the rest)");
    v("dataset", o.dataset, "dataset registry name or HDF5 file");
    v("dataset_config", o.dataset_config, "dataset options");
    v("steps", o.steps, "total optimisation steps (0 when epochs is given)");
    v("epochs", o.epochs, "> 0: train this many epochs instead of steps");
    v("batch", o.batch, "batch size");
    v("seed", o.seed, "run seed");
    v("sampling", o.sampling, "data order: iid or epochs");
    v("checkpoint_every", o.checkpoint_every, "steps between checkpoints");
    v("out", o.out, "run directory");
  }
};

/// Trains the factor classifier every evaluation of the spec reads (engine::train_classifier).
struct ClassifierJob {
  static constexpr const char* kKind = "train_classifier";
  engine::TrainClassifierOptions o;
  template <class V>
  void visit(V&& v) {
    v("dataset", o.dataset, "dataset registry name or HDF5 file");
    v("dataset_config", o.dataset_config, "dataset options");
    v("config", o.config, "factor classifier keys (the preset's `classifier`)");
    v("seed", o.seed, "seed of the split, order and initialisation");
    v("out", o.out, "classifier directory");
  }
};

/// Scores one run (or one of its snapshots) with the spec's metrics (engine::evaluate_run).
struct EvaluateJob {
  static constexpr const char* kKind = "evaluate";
  engine::EvaluateOptions o;
  /// The preset's `evaluate` sample sizes, option aliases of the model-side metrics (run_job applies
  /// them to o.metric_config); 0 keeps the metric's default.
  std::int64_t nmi_samples = 0, ent_samples = 0, fd_samples = 0;
  template <class V>
  void visit(V&& v) {
    v("run_dir", o.run_dir, "the training run");
    v("snapshot", o.snapshot, "a named snapshot of the run (empty: the final model)");
    v("metrics", o.metrics, "metric registry names");
    v("protocol", o.protocol, "dl or cr (docs/protocols.md §4.1)");
    v("representation", o.representation, "mean or sampled");
    v("metric_config", o.metric_config, "metric name -> config overrides (the preset's)");
    v("seed", o.seed, "metric seed");
    v("classifier", o.classifier, "factor classifier directory (empty: none)");
    v("nmi_samples", nmi_samples, "real images for nmi_q / prior_rmse (0: the metric's default)");
    v("ent_samples", ent_samples, "generated images per code value (0: the metric's default)");
    v("fd_samples", fd_samples, "real and generated images for fd_fb (0: the metric's default)");
    v("out", o.out, "metrics JSON to write");
  }
};

/// One repeat of an unsupervised selection over a pool of runs (methods::select_models).
struct SelectJob {
  static constexpr const char* kKind = "select";
  methods::SelectOptions o;
  template <class V>
  void visit(V&& v) {
    v("pool", o.pool, "file listing one run directory per line");
    v("method", o.method, "selector name");
    v("config", o.config, "selector keys (the preset's)");
    v("seed", o.seed, "seed of generation and observation sampling (the repeat)");
    v("out", o.out, "selection JSON to write");
  }
};

/// Latent traversals of the model a selection chose (methods::traversal_grid), as a PNG.
struct TraverseJob {
  static constexpr const char* kKind = "traverse";
  methods::TraversalOptions o;
  std::string out;  ///< PNG
  template <class V>
  void visit(V&& v) {
    v("selection", o.selection, "selection JSON whose chosen run is traversed");
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
  /// Estimated CPU-seconds (the preset's job_costs): the backends start the longest work first
  /// (reports/schedule.h). Never changes what the job computes; 0 in older manifests.
  double cost = 0;

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
