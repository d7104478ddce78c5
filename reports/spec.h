// Table specifications (reports/specs/*.json) and run presets (reports/presets/*.json): what to train,
// how to score it, which selections to compare, and the paper's numbers for the side-by-side.
#pragma once

#include <cmath>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/json.h"

namespace fb::reports {

/// A published number: mean and, where the paper gives one, the ± (NaN when absent).
struct PaperValue {
  double mean = NAN;
  double std = NAN;
};
/// column id -> paper value
using PaperRow = std::map<std::string, PaperValue>;

/// A table column: which metrics.json key it shows.
struct ColumnSpec {
  std::string id;     ///< "factor_vae"
  std::string label;  ///< "FactorVAE"
  std::string key;    ///< key in metrics.json, e.g. "factor_vae" or "dci_disentanglement"
  /// Which way is an improvement: "higher" (most scores) or "lower" (errors and distances: ENT, prior
  /// RMSE, FD, L2). `factorbench compare` reads it to call a change better or worse.
  std::string better = "higher";
  template <class V>
  void visit(V&& v) {
    v("id", id);
    v("label", label);
    v("key", key);
    v("better", better);
  }
};

/// A table row: a model trained `runs` times (seeds 0..runs-1), or a snapshot of another row's runs.
struct RowSpec {
  std::string id, label;
  std::string model;             ///< registry name; empty for snapshot rows
  Json config = Json::object();  ///< model config
  std::int64_t runs = 1;
  std::int64_t steps = 0;  ///< the paper protocol's length; presets scale it
  /// > 0: the length in epochs of the run's dataset instead of `steps` (train --epochs); presets
  /// scale it like steps, keeping at least one epoch
  std::int64_t epochs = 0;
  std::string sampling = "iid";         ///< iid (DL) | epochs (CR)
  std::string representation = "mean";  ///< codes the metrics score: mean | sampled (CR FactorVAE)
  std::string snapshot_of;              ///< row id whose runs this row reads a snapshot of
  std::string snapshot;                 ///< snapshot name (e.g. "infogan_modified")
  std::string source;  ///< provenance of the paper numbers: C (computed), Q (quoted), "" (none)
  Json paper = Json::object();  ///< column id -> number | [mean, std]
  /// Presets that train this row (empty = all); elsewhere it shows the paper's numbers only (e.g. a
  /// 48M-parameter StyleGAN that no CPU preset can train).
  std::vector<std::string> presets;
  template <class V>
  void visit(V&& v) {
    v("id", id);
    v("label", label);
    v("model", model);
    v("config", config);
    v("runs", runs);
    v("steps", steps);
    v("epochs", epochs);
    v("sampling", sampling);
    v("representation", representation);
    v("snapshot_of", snapshot_of);
    v("snapshot", snapshot);
    v("source", source);
    v("paper", paper);
    v("presets", presets);
  }
};

/// An unsupervised-selection comparison over a pool of rows.
struct SelectionSpec {
  std::string id, label;
  std::vector<std::string> pool;  ///< row ids whose runs form the pool
  /// Runs of each pool row that form the pool: seeds 0..pool_runs−1 (capped by the preset's runs);
  /// 0 = every run the row trains. InfoGAN-CR's Table 3 pool is 10 runs (the released config_mc.py)
  /// although its Table 1 row trains 50.
  std::int64_t pool_runs = 0;
  std::vector<std::string>
      methods;  ///< model-centrality | udr-lasso | udr-spearman | supervised:<column>
  Json paper = Json::object();  ///< method -> {column id -> number | [mean, std]}
  template <class V>
  void visit(V&& v) {
    v("id", id);
    v("label", label);
    v("pool", pool);
    v("pool_runs", pool_runs);
    v("methods", methods);
    v("paper", paper);
  }
};

struct Spec {
  std::string name, title, notes;
  std::string dataset = "dsprites";
  Json dataset_config = Json::object();
  std::string protocol = "dl";  ///< metric protocol: dl | cr
  std::int64_t batch = 64;
  std::vector<std::string> metrics;  ///< metric registry names to evaluate
  std::vector<ColumnSpec> columns;
  std::vector<RowSpec> rows;
  std::vector<SelectionSpec> selections;
  /// Train the factor classifier (oracle) on the spec's dataset once and give it to every evaluation:
  /// fd_fb, ent, and mig_gen / l2_gen for models with factor codes (docs/protocols.md §4.4–4.6).
  bool classifier = false;
  /// Overlaid on the dataset config for the classifier's training only (e.g. MNIST's {"subset":
  /// "train"}: the classifier reads all digits while the models train on imbalanced splits).
  Json classifier_dataset_config = Json::object();
  /// When set, run (seed) s trains on --dataset-set <key>=s: one dataset per run (the 50 imbalanced
  /// MNIST splits, key "split").
  std::string run_dataset_key;
  template <class V>
  void visit(V&& v) {
    v("name", name);
    v("title", title);
    v("notes", notes);
    v("dataset", dataset);
    v("dataset_config", dataset_config);
    v("protocol", protocol);
    v("batch", batch);
    v("metrics", metrics);
    v("columns", columns);
    v("rows", rows);
    v("selections", selections);
    v("classifier", classifier);
    v("classifier_dataset_config", classifier_dataset_config);
    v("run_dataset_key", run_dataset_key);
  }
  void validate(const std::string& where) const;

  const RowSpec& row(const std::string& id) const;
  /// Paper value of (row, column); NaN mean when the paper gives none.
  PaperValue paper_value(const RowSpec& row, const std::string& column) const;
  PaperValue paper_value(const SelectionSpec& sel, const std::string& method,
                         const std::string& column) const;
};

/// Where each stage's jobs run: "cpu", "cuda" or "cuda:N"; empty follows `reproduce --device`. The
/// metrics themselves always run on the CPU: an evaluate job's device moves only the encoder's and the
/// factor classifier's forward passes.
struct StageDevices {
  std::string train, evaluate, select, traverse;
  template <class V>
  void visit(V&& v) {
    v("train", train, "training and the factor classifier");
    v("evaluate", evaluate, "encoding and classifier passes of the evaluations");
    v("select", select, "unsupervised model selection");
    v("traverse", traverse, "latent traversal images");
  }
  void validate(const std::string& where) const;
  /// True for cpu, cuda and cuda:N.
  static bool valid_device(const std::string& d);
  /// This stage's device, or `fallback` where the preset leaves it empty.
  std::string for_stage(const std::string& stage, const std::string& fallback) const;
};

/// Estimated CPU-seconds of each job at one thread, used only to order the work: the backends start the
/// jobs with the longest remaining work first (reports/schedule.h), so a run does not end on one long job
/// with the other cores idle. The defaults are the quick run's per-job times on the 2-vCPU development
/// machine (docs/performance.md, "End to end"); a preset recalibrates them from its own measured times.
/// They never change what a job computes.
struct JobCosts {
  /// model registry name -> seconds per training step at batch 64 ("default": any other model); a step of
  /// batch b costs b/64 of it
  Json train_step = {{"default", 0.2},     {"beta_vae", 0.11},  {"vae", 0.11},
                     {"beta_tcvae", 0.12}, {"factor_vae", 0.2}, {"infogan", 0.39},
                     {"infogan_cr", 0.53}};
  double epoch_images = 60000;  ///< images per epoch assumed for rows whose length is in epochs
  double classifier = 60;       ///< the factor classifier's training
  double evaluate = 45;         ///< one evaluation (the spec's metrics on one run)
  /// selector -> seconds per ordered pair of pool models ("default": any other selector)
  Json select_pair = {{"default", 1.0}, {"model-centrality", 16.7}};
  double traverse = 5;  ///< one traversal image
  template <class V>
  void visit(V&& v) {
    v("train_step", train_step,
      "model -> seconds per training step at batch 64 (key default: others)");
    v("epoch_images", epoch_images, "images per epoch assumed for epoch-length rows");
    v("classifier", classifier, "seconds to train the factor classifier");
    v("evaluate", evaluate, "seconds per evaluation");
    v("select_pair", select_pair, "selector -> seconds per ordered pair of pool models");
    v("traverse", traverse, "seconds per traversal image");
  }
  void validate(const std::string& where) const;
  /// Seconds of `steps` training steps of `model` at batch `batch`.
  double train(const std::string& model, std::int64_t steps, std::int64_t batch) const;
  /// Seconds of one selection by `method` over a pool of `models` models.
  double select(const std::string& method, std::int64_t models) const;
};

/// How much of the protocol to run: the smoke/quick/paper presets.
struct Preset {
  std::string name, description;
  std::int64_t max_runs = 0;    ///< cap on runs per row (0 = the spec's)
  double steps_fraction = 1.0;  ///< row steps = max(min_steps, round(spec steps * fraction))
  std::int64_t min_steps = 1;
  std::int64_t checkpoint_every = 10000;
  std::int64_t max_batch = 0;  ///< cap on the spec's batch size (0 = the spec's)
  Json dataset_config =
      Json::object();             ///< overlaid on the spec's dataset config (e.g. {"count": 2048})
  Json metrics = Json::object();  ///< metric name -> config overrides (sample sizes)
  Json selection = Json::object();  ///< method -> config overrides (group counts, points)
  std::int64_t selection_repeats =
      1;  ///< repeats of each unsupervised selection with fresh seeds (Table 3's ±)
  double budget_hours = 0;  ///< the documented wall-clock target on 2 CPU cores (informative)
  Json classifier = Json::
      object();  ///< train-classifier options (epochs, max_images, ...) for specs that use one
  /// evaluate's sample sizes of the model-side scores: nmi_samples, ent_samples, fd_samples
  Json evaluate = Json::object();
  StageDevices devices;  ///< per-stage device overrides of `reproduce --device`
  JobCosts job_costs;    ///< estimated job times: the order jobs start in, never their results
  template <class V>
  void visit(V&& v) {
    v("name", name);
    v("description", description);
    v("max_runs", max_runs);
    v("steps_fraction", steps_fraction);
    v("min_steps", min_steps);
    v("checkpoint_every", checkpoint_every);
    v("max_batch", max_batch);
    v("dataset_config", dataset_config);
    v("metrics", metrics);
    v("selection", selection);
    v("selection_repeats", selection_repeats);
    v("budget_hours", budget_hours);
    v("classifier", classifier);
    v("evaluate", evaluate);
    v("devices", devices);
    v("job_costs", job_costs);
  }
  void validate(const std::string& where) const;
  std::int64_t runs(const RowSpec& row) const;
  std::int64_t steps(const RowSpec& row) const;
  /// Epochs of an epoch-length row: max(1, round(row.epochs × steps_fraction)).
  std::int64_t epochs(const RowSpec& row) const;
  std::int64_t batch(const Spec& spec) const;
};

/// Runs of `row` in `sel`'s pool under `preset`: seeds 0..n−1, n = the preset's runs of the row,
/// capped by sel.pool_runs when that is set.
std::int64_t pool_runs(const SelectionSpec& sel, const RowSpec& row, const Preset& preset);
/// Models in `sel`'s pool under `preset`: the sum of pool_runs over its rows.
std::int64_t pool_size(const Spec& spec, const SelectionSpec& sel, const Preset& preset);

/// Loads a built-in spec by name ("infogan-cr") or a JSON file by path; errors name the file and field.
Spec load_spec(const std::string& name_or_path);
/// Loads a built-in preset by name (smoke, quick, paper) or a JSON file by path.
Preset load_preset(const std::string& name_or_path);
/// Names of the built-in specs and presets (embedded in the binary at build time).
std::vector<std::string> builtin_specs();
std::vector<std::string> builtin_presets();

}  // namespace fb::reports
