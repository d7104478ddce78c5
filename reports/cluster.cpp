#include "reports/cluster.h"

#include <filesystem>
#include <regex>
#include <sstream>

#include "core/atomic_output.h"
#include "core/config.h"
#include "core/error.h"

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
  require(cpus_per_task >= 0, where + ".cpus_per_task",
          "must be >= 0 (0: --threads or cores / --jobs)", std::to_string(cpus_per_task));
  for (std::size_t i = 0; i < extra_sbatch.size(); ++i) {
    const std::string& e = extra_sbatch[i];
    const std::string path = where + ".extra_sbatch[" + std::to_string(i) + "]";
    require(e.rfind("-", 0) == 0 && e.find_first_of("\n\r") == std::string::npos, path,
            "must be one sbatch option starting with - (e.g. --mail-type=FAIL)", e);
    // The backend owns these: they decide which job runs and where its log goes.
    for (const char* owned :
         {"--array", "--output", "--error", "--job-name", "-a", "-o", "-e", "-J"}) {
      const std::string o = owned;
      const bool hit = e == o || e.rfind(o + "=", 0) == 0 || e.rfind(o + " ", 0) == 0;
      require(!hit, path, "is set by factorbench (array, output, error, job name)", e);
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
  out << "#!/bin/bash\n"
      << "#SBATCH --job-name=fb-" << s.stage << "\n"
      << "#SBATCH --array=0-" << s.tasks - 1 << "%" << std::max(1, s.max_running) << "\n";
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
  out << "#SBATCH --output=" << s.logs << "/slurm-" << s.stage << "-%a.log\n"
      << "# One array task runs one job of " << s.manifest << " through the factorbench CLI.\n"
      << "exec " << quote(s.executable) << " --quiet run-job " << quote(s.manifest) << " --list "
      << quote(s.ids_file) << " --index \"$SLURM_ARRAY_TASK_ID\" --threads " << s.threads << "\n";
  return out.str();
}

}  // namespace fb::reports
