#include "reports/cluster.h"

#include <filesystem>
#include <regex>
#include <sstream>

#include "core/atomic_output.h"
#include "core/config.h"
#include "core/error.h"
#include "core/stop.h"
#include "reports/job_runner.h"

namespace fb::reports {

namespace {

// Profile values end up in a shell script: a newline would start a new #SBATCH line or command, and a
// quote or $ could run something. Slurm's own values never need them.
bool safe(const std::string& s) { return s.find_first_of("\n\r'\"`$\\;") == std::string::npos; }

std::string quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

}  // namespace

bool valid_slurm_time(const std::string& t) {
  // sbatch(1) --time: "minutes", "minutes:seconds", "hours:minutes:seconds", "days-hours",
  // "days-hours:minutes" and "days-hours:minutes:seconds".
  static const std::regex kTime(
      R"(\d+|\d+:\d{1,2}|\d+:\d{1,2}:\d{1,2}|\d+-\d{1,2}(:\d{1,2}(:\d{1,2})?)?)");
  return t == "infinite" || t == "unlimited" || std::regex_match(t, kTime);
}

void SlurmResources::validate(const std::string& where) const {
  for (const auto& [name, value] :
       {std::pair<const char*, const std::string*>{"partition", &partition},
        {"account", &account},
        {"qos", &qos},
        {"constraint", &constraint}})
    require(safe(*value), where + "." + name, "must not contain newlines, quotes, $, ` or ;",
            *value);
  require(time.empty() || valid_slurm_time(time), where + ".time",
          "must be a Slurm time limit: minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS",
          time);
  static const std::regex kMem(R"(\d+[KMGT]?)");
  require(mem.empty() || std::regex_match(mem, kMem), where + ".mem",
          "must be an integer with an optional K, M, G or T suffix (e.g. 16G)", mem);
  require(gpus_per_task >= 0, where + ".gpus_per_task", "must be >= 0",
          std::to_string(gpus_per_task));
  require(signal_seconds >= 0 && signal_seconds <= 65535, where + ".signal_seconds",
          "must be in [0, 65535] (0: no warning signal)", std::to_string(signal_seconds));
  require(cpus_per_task >= 0, where + ".cpus_per_task",
          "must be >= 0 (0: --threads or cores / --jobs)", std::to_string(cpus_per_task));
  for (std::size_t i = 0; i < extra_sbatch.size(); ++i) {
    const std::string& e = extra_sbatch[i];
    const std::string path = where + ".extra_sbatch[" + std::to_string(i) + "]";
    require(e.rfind("-", 0) == 0 && e.find_first_of("\n\r") == std::string::npos, path,
            "must be one sbatch option starting with - (e.g. --mail-type=FAIL)", e);
    // The backend owns these: they decide which job runs and where its log goes.
    for (const char* owned : {"--array", "--output", "--error", "--job-name", "--signal",
                              "--requeue", "--no-requeue", "--open-mode", "-a", "-o", "-e", "-J"}) {
      const std::string o = owned;
      const bool hit = e == o || e.rfind(o + "=", 0) == 0 || e.rfind(o + " ", 0) == 0;
      require(!hit, path, "is set by factorbench (array, output, error, job name, signal, requeue)",
              e);
    }
  }
}

void ClusterProfile::validate(const std::string& where) const {
  parse<SlurmResources>(defaults, where + ".defaults");
  for (const char* stage : {"train", "evaluate", "select", "traverse"}) {
    const Json& own = stage == std::string("train")      ? train
                      : stage == std::string("evaluate") ? evaluate
                      : stage == std::string("select")   ? select
                                                         : traverse;
    parse<SlurmResources>(own, where + "." + stage);
  }
}

SlurmResources ClusterProfile::resources(const std::string& stage) const {
  Json merged = defaults.is_object() ? defaults : Json::object();
  const Json& own = stage == "train"      ? train
                    : stage == "evaluate" ? evaluate
                    : stage == "select"   ? select
                                          : traverse;
  if (own.is_object()) merged.update(own);
  return parse<SlurmResources>(merged, "cluster." + stage);
}

ClusterProfile load_cluster_profile(const std::string& path) {
  if (!std::filesystem::is_regular_file(path))
    throw ConfigError(path + ": cannot read the cluster profile (no such file)");
  Json j;
  try {
    j = Json::parse(read_file(path));
  } catch (const Json::parse_error& e) {
    throw ConfigError(path + ": not valid JSON (" + std::string(e.what()) + ")");
  }
  return parse<ClusterProfile>(j, path + ": cluster");
}

std::string sbatch_script(const SbatchScript& s) {
  std::ostringstream out;
  const std::size_t per_task = static_cast<std::size_t>(std::max(1, s.jobs_per_task));
  const std::size_t array = (s.tasks + per_task - 1) / per_task;
  out << "#!/bin/bash\n"
      << "#SBATCH --job-name=fb-" << s.stage << "\n"
      << "#SBATCH --array=0-" << array - 1 << "%" << std::max(1, s.max_running) << "\n";
  const SlurmResources* r = s.resources;
  const std::int64_t cpus = r && r->cpus_per_task > 0 ? r->cpus_per_task : s.threads;
  out << "#SBATCH --cpus-per-task=" << cpus << "\n";
  if (r) {
    if (!r->partition.empty()) out << "#SBATCH --partition=" << r->partition << "\n";
    if (!r->account.empty()) out << "#SBATCH --account=" << r->account << "\n";
    if (!r->qos.empty()) out << "#SBATCH --qos=" << r->qos << "\n";
    if (!r->time.empty()) out << "#SBATCH --time=" << r->time << "\n";
    // One array task is one Slurm task, so a per-node GRES request is the per-task count; --gres works on
    // every Slurm since 2.x, where --gpus-per-task needs 19.05 and an explicit --ntasks.
    if (r->gpus_per_task > 0) out << "#SBATCH --gres=gpu:" << r->gpus_per_task << "\n";
    if (!r->mem.empty()) out << "#SBATCH --mem=" << r->mem << "\n";
    if (!r->constraint.empty()) out << "#SBATCH --constraint=" << r->constraint << "\n";
    for (const auto& e : r->extra_sbatch) out << "#SBATCH " << e << "\n";
  }
  const std::int64_t warn = r ? r->signal_seconds : s.signal_seconds;
  // B: sends the warning to this script alone, which passes it on to run-job (and run-job to the jobs).
  if (warn > 0) out << "#SBATCH --signal=B:USR1@" << warn << "\n";
  // A requeued task appends to its log instead of truncating it (the first attempt's lines stay).
  out << "#SBATCH --requeue\n"
      << "#SBATCH --open-mode=append\n"
      << "#SBATCH --output=" << s.logs << "/slurm-" << s.stage << "-%a.log\n"
      << "# One array task runs " << per_task << (per_task == 1 ? " job" : " jobs at once")
      << " of " << s.manifest << " (each job's output: logs/<job>.log).\n"
      << "# USR1 (the time limit is near) or TERM (preemption) reaches run-job: training "
         "checkpoints after its\n"
      << "# step and run-job exits " << kExitResumable
      << ", and the task requeues itself to resume. Any other failure is requeued at\n"
      << "# most " << s.retries << " time(s).\n"
      << "task=\"${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}\"\n"
      << quote(s.executable) << " --quiet run-job " << quote(s.manifest) << " --list "
      << quote(s.ids_file) << " --index \"$SLURM_ARRAY_TASK_ID\" --threads " << s.threads;
  if (per_task > 1) out << " --jobs-per-task " << per_task;
  out << " &\n"
      << "child=$!\n"
      << "trap 'kill -USR1 \"$child\" 2>/dev/null' USR1 TERM\n"
      << "# A trapped signal ends `wait` early: wait until run-job itself has exited, then take "
         "its status.\n"
      << "while wait \"$child\"; kill -0 \"$child\" 2>/dev/null; do :; done\n"
      << "wait \"$child\"\n"
      << "rc=$?\n"
      << "if [ \"$rc\" -eq " << kExitResumable << " ]; then\n"
      << "  echo \"factorbench: task $task stopped with a checkpoint; requeueing it\"\n"
      << "  scontrol requeue \"$task\"\n"
      << "  exit 0\n"
      << "fi\n"
      << "# " << kExitBlocked << ": blocked by a job that failed; running it again cannot help.\n"
      << "if [ \"$rc\" -ne 0 ] && [ \"$rc\" -ne " << kExitBlocked << " ]; then\n"
      << "  tries_file=" << quote(s.retry_dir) << "/\"$SLURM_ARRAY_TASK_ID\"\n"
      << "  tries=$(cat \"$tries_file\" 2>/dev/null || echo 0)\n"
      << "  if [ \"$tries\" -lt " << s.retries << " ]; then\n"
      << "    echo $((tries + 1)) > \"$tries_file\"\n"
      << "    echo \"factorbench: task $task failed (exit $rc); requeueing it (retry $((tries + "
         "1)) of "
      << s.retries << ")\"\n"
      << "    scontrol requeue \"$task\" && exit 0\n"
      << "  fi\n"
      << "fi\n"
      << "exit \"$rc\"\n";
  return out.str();
}

}  // namespace fb::reports
