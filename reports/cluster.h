// Cluster profiles: the Slurm resources each stage's job array asks for (`reproduce --cluster FILE.json`),
// and the batch script text the Slurm backend submits.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/json.h"

namespace fb::reports {

/// One stage's Slurm request. Empty strings and zero counts leave the cluster's default.
struct SlurmResources {
  std::string partition;  ///< --partition
  std::string account;    ///< --account
  std::string qos;        ///< --qos
  std::string time;       ///< --time: minutes, [[D-]HH:]MM:SS, D-HH, D-HH:MM (Slurm's formats)
  std::int64_t gpus_per_task = 0;  ///< --gres=gpu:N (each array task is one task)
  std::int64_t cpus_per_task =
      0;                   ///< --cpus-per-task, also the job's threads (0: --threads or cores/jobs)
  std::string mem;         ///< --mem: an integer with an optional K, M, G or T suffix
  std::string constraint;  ///< --constraint (node features, e.g. "a100|h100")
  std::vector<std::string>
      extra_sbatch;  ///< further options, one per #SBATCH line ("--mail-type=FAIL")
  /// --signal=B:USR1@S: Slurm warns the task S seconds before its time limit; training checkpoints and the
  /// task requeues itself. 0: no warning signal.
  std::int64_t signal_seconds = 120;
  template <class V>
  void visit(V&& v) {
    v("partition", partition, "Slurm partition");
    v("account", account, "account charged");
    v("qos", qos, "quality of service");
    v("time", time, "time limit per array task");
    v("gpus_per_task", gpus_per_task, "GPUs per array task");
    v("cpus_per_task", cpus_per_task, "CPUs per array task (and the job's threads)");
    v("mem", mem, "memory per node of the task");
    v("constraint", constraint, "node feature constraint");
    v("extra_sbatch", extra_sbatch, "further sbatch options, one per line");
    v("signal_seconds", signal_seconds,
      "seconds before the time limit that USR1 asks for a checkpoint");
  }
  void validate(const std::string& where) const;
};

/// A cluster profile: `defaults` for every stage, overlaid key by key with the stage's own object.
struct ClusterProfile {
  Json defaults = Json::object();
  Json train = Json::object();
  Json evaluate = Json::object();
  Json select = Json::object();
  Json traverse = Json::object();
  template <class V>
  void visit(V&& v) {
    v("defaults", defaults, "resources of every stage");
    v("train", train, "training (and the factor classifier): overrides of defaults");
    v("evaluate", evaluate, "evaluation: overrides of defaults");
    v("select", select, "model selection: overrides of defaults");
    v("traverse", traverse, "traversal images: overrides of defaults");
  }
  /// Parses every section on its own (errors name it) and each stage's overlay.
  void validate(const std::string& where) const;
  /// The resolved resources of `stage`.
  SlurmResources resources(const std::string& stage) const;
};

/// Reads and validates a profile file; errors name the file and field (ConfigError, exit 2).
ClusterProfile load_cluster_profile(const std::string& path);

/// True for Slurm's time-limit formats: M, M:S, H:M:S, D-H, D-H:M, D-H:M:S (or "infinite"/"unlimited").
bool valid_slurm_time(const std::string& t);

/// What one stage's batch script needs.
struct SbatchScript {
  std::string stage;      ///< train | evaluate | select | traverse
  std::size_t tasks = 0;  ///< array size
  int max_running = 1;    ///< array throttle (%N)
  int threads = 1;        ///< --threads of each array task (cpus_per_task when none is given)
  int jobs_per_task =
      1;            ///< jobs of the stage one array task runs at once (run-job --jobs-per-task)
  int retries = 1;  ///< requeues of a task that failed (not stopped with a checkpoint)
  std::int64_t signal_seconds =
      120;  ///< --signal=B:USR1@S (the profile's, when one is given); 0: none
  std::string executable, manifest, ids_file, logs;
  std::string retry_dir;  ///< where each task counts its failed attempts (one file per array index)
  const SlurmResources* resources = nullptr;  ///< null without a profile: CPUs only
};

/// The batch script text: the #SBATCH header, run-job in the background with USR1/TERM passed on to it, then
/// a requeue of the task when run-job stopped with a checkpoint (exit 75) or failed with retries left.
std::string sbatch_script(const SbatchScript& s);

}  // namespace fb::reports
