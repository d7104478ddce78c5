#include "reports/reproduce.h"

#include <filesystem>

#include "core/atomic_output.h"
#include "core/config.h"
#include "core/error.h"
#include "core/provenance.h"
#include "reports/report.h"
#include "reports/results.h"

namespace fs = std::filesystem;

namespace fb::reports {

namespace {

std::string finish(const Spec& spec, const Json& preset, const std::vector<Job>& jobs,
                   const std::string& out) {
  Results results = collect_results(spec, jobs);
  write_results(spec, results, out);
  ReportContext ctx;
  ctx.preset = preset;
  ctx.provenance = provenance();
  ctx.out_dir = out;
  return write_report(spec, results, ctx);
}

}  // namespace

ReproduceSummary reproduce(const ReproduceOptions& o) {
  require(o.backend == "local" || o.backend == "slurm", "--backend", "must be local or slurm",
          o.backend);
  Spec spec = load_spec(o.spec);
  require(o.dataset_config.is_object(), "reproduce dataset options", "must be an object",
          o.dataset_config.dump());
  spec.dataset_config.update(o.dataset_config);
  Preset preset = load_preset(o.preset);
  BackendOptions run = o.run;
  if (!o.cluster.empty()) {
    require(o.backend == "slurm", "--cluster", "needs --backend slurm", o.cluster);
    run.cluster = load_cluster_profile(o.cluster);
  }
  require(run.jobs_per_task == 1 || o.backend == "slurm", "--jobs-per-task",
          "needs --backend slurm (the local backend runs --jobs jobs at once already)",
          std::to_string(run.jobs_per_task));
  require(run.retries >= 0, "--retries", "must be >= 0", std::to_string(run.retries));
  require(StageDevices::valid_device(o.device), "--device", "must be cpu, cuda or cuda:N",
          o.device);
  if (o.check_device)
    for (const char* stage : {"train", "evaluate", "select", "traverse"})
      o.check_device(preset.devices.for_stage(stage, o.device));
  const std::string out = fs::absolute(o.out).lexically_normal().string();
  const std::string manifest_path = out + "/manifest.json";
  if (fs::exists(manifest_path)) {
    // Only the names: a manifest of an older factorbench (jobs as command lines) is rewritten below, and
    // its finished jobs' outputs are kept.
    Json old;
    try {
      old = Json::parse(read_file(manifest_path));
    } catch (const Json::parse_error& e) {
      throw DataError(manifest_path + ": not a valid manifest (" + std::string(e.what()) + ")");
    }
    const std::string old_spec = old.value("spec", Json::object()).value("name", std::string()),
                      old_preset = old.value("preset", Json::object()).value("name", std::string());
    if (old_spec != spec.name || old_preset != preset.name)
      throw ConfigError(out + ": holds spec '" + old_spec + "' at preset '" + old_preset +
                        "'; use another --out for '" + spec.name + "' at '" + preset.name + "'");
  }
  fs::create_directories(out);
  auto jobs = expand_jobs(spec, preset, out, o.device);
  write_manifest(manifest_path, spec, preset, out, jobs,
                 {{"backend", o.backend},
                  {"jobs", run.jobs},
                  {"jobs_per_task", run.jobs_per_task},
                  {"retries", run.retries}});
  Json prov = provenance();
  for (const char* stage : {"train", "evaluate", "select", "traverse"})
    prov["devices"][stage] = preset.devices.for_stage(stage, o.device);
  write_file_atomic(out + "/provenance.json", prov.dump(1) + "\n");

  ReproduceSummary summary;
  summary.total_jobs = static_cast<int>(jobs.size());
  summary.backend = o.backend == "local" ? run_local(manifest_path, jobs, run)
                                         : run_slurm(manifest_path, out, jobs, run);
  summary.report_html = finish(spec, to_json(preset), jobs, out);
  summary.status = run_status(out);
  return summary;
}

std::string write_report_for(const std::string& out_dir) {
  const std::string manifest_path = out_dir + "/manifest.json";
  if (!fs::exists(manifest_path))
    throw DataError(out_dir +
                    ": no manifest.json (not a `factorbench reproduce` output directory)");
  Manifest m = read_manifest(manifest_path);
  Spec spec = parse<Spec>(m.spec, manifest_path + ": spec");
  // A results directory may have been moved or copied: read its files where they are now.
  const std::string here = fs::absolute(out_dir).lexically_normal().string();
  if (!m.out_dir.empty() && m.out_dir != here) rebase_jobs(m.jobs, m.out_dir, here);
  return finish(spec, m.preset, m.jobs, here);
}

}  // namespace fb::reports
