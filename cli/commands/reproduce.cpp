// factorbench reproduce SPEC --preset P --out DIR: train the pools, score them, select, and report.
#include <unistd.h>

#include <climits>
#include <filesystem>

#include "cli/command.h"
#include "core/error.h"
#include "core/progress.h"
#include "engine/device_check.h"
#include "reports/reproduce.h"
#include "reports/spec.h"

namespace fb::cli {
namespace {

std::string self_executable() {
  char buf[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) throw Error("cannot find the factorbench executable (/proc/self/exe)");
  return std::string(buf, static_cast<std::size_t>(n));
}

class ReproduceCommand : public Command {
 public:
  void setup(CLI::App& app) override {
    std::string specs, presets;
    for (const auto& s : reports::builtin_specs()) specs += (specs.empty() ? "" : ", ") + s;
    for (const auto& p : reports::builtin_presets()) presets += (presets.empty() ? "" : ", ") + p;
    app.add_option("spec", options_.spec, "table specification: " + specs + ", or a JSON file")
        ->required();
    app.add_option("--preset", options_.preset,
                   "how much of the protocol to run: " + presets + ", or a JSON file")
        ->capture_default_str();
    app.add_option("--out", options_.out,
                   "output directory; re-running the same command resumes it")
        ->required();
    app.add_option("--jobs", options_.run.jobs, "jobs at once")
        ->capture_default_str()
        ->check(CLI::Range(1, 4096));
    app.add_option("--backend", options_.backend,
                   "local (child processes) or slurm (one job array per stage)")
        ->capture_default_str()
        ->check(CLI::IsMember({"local", "slurm"}));
    app.add_option("--cluster", options_.cluster,
                   "Slurm: a cluster profile (JSON) of each stage's partition, account, qos, time "
                   "limit, GPUs, "
                   "CPUs, memory, constraint and extra #SBATCH lines (docs/cluster.md)");
    app.add_option("--device", options_.device,
                   "cpu, cuda or cuda:N for every job (a preset's `devices` may set single "
                   "stages); metrics "
                   "always run on the CPU")
        ->capture_default_str();
    app.add_option(
           "--retries", options_.run.retries,
           "times a failed job runs again (a stop with a checkpoint, e.g. a Slurm time limit or "
           "preemption, is not a failure: it always resumes)")
        ->capture_default_str()
        ->check(CLI::Range(0, 100));
    app.add_option(
           "--jobs-per-task", options_.run.jobs_per_task,
           "Slurm: K jobs of a stage run at once inside one array task, sharing its GPU or CPUs "
           "(threads split between them); for small models that leave a GPU idle (docs/cluster.md)")
        ->capture_default_str()
        ->check(CLI::Range(1, 256));
    app.add_option("--threads", options_.run.threads,
                   "threads per job (default: hardware threads / --jobs)")
        ->check(CLI::Range(1, 1024));
    app.add_option(
           "--mnist", mnist_,
           "directory with the four MNIST IDX files (plain or .gz), for specs on the mnist dataset "
           "(elastic-infogan-mnist); never downloaded")
        ->check(CLI::ExistingDirectory);
    app.footer(
        "Example:\n  factorbench reproduce infogan-cr --preset smoke --out repro-smoke\n"
        "  factorbench reproduce infogan-cr --preset paper --backend slurm --jobs 64 --device cuda "
        "--out /scratch/infogan-cr\n"
        "  factorbench reproduce elastic-infogan-mnist --mnist ~/data/mnist --preset paper --out "
        "elastic-mnist\n"
        "Then open DIR/report.html; DIR/results.csv has one line per run.\n"
        "`factorbench status DIR` shows where a run stands (also while it runs).");
  }

  int run(Io& io) override {
    options_.run.executable = self_executable();
    if (!mnist_.empty()) {
      const reports::Spec spec = reports::load_spec(options_.spec);
      if (spec.dataset != "mnist")
        throw ConfigError("--mnist: spec '" + spec.name + "' trains on '" + spec.dataset +
                          "', not mnist");
      options_.dataset_config["path"] = std::filesystem::absolute(mnist_).string();
    }
    options_.run.quiet = Progress::quiet_default();
    // Local jobs run here and need a GPU here; Slurm jobs run on compute nodes, so the submitting machine
    // only needs a CUDA build.
    const bool local = options_.backend == "local";
    options_.check_device = [local](const std::string& d) { engine::check_device(d, local); };
    auto s = reports::reproduce(options_);
    io.out << options_.out << ": " << s.total_jobs << " jobs (" << s.backend.already_done
           << " already done, " << s.backend.ran << " run now";
    if (!s.backend.failed.empty()) io.out << ", " << s.backend.failed.size() << " failed";
    if (!s.backend.blocked.empty()) io.out << ", " << s.backend.blocked.size() << " blocked";
    io.out << ")\n" << reports::format_status(s.status) << "report: " << s.report_html << "\n";
    return s.backend.failed.empty() && s.backend.blocked.empty() ? 0 : 1;
  }

 private:
  reports::ReproduceOptions options_;
  std::string mnist_;
};

}  // namespace

FB_REGISTER(command_registry(),
            {"reproduce", "Reproduce a published table: train, evaluate, select, report",
             Json::object(), [] { return std::make_unique<ReproduceCommand>(); }});

}  // namespace fb::cli
