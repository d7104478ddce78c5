// factorbench run-job MANIFEST --id ID: run one job of a reproduction (what the backends start).
#include <filesystem>

#include "cli/command.h"
#include "core/atomic_output.h"
#include "core/error.h"
#include "reports/job_runner.h"
#include "reports/jobs.h"
#include "reports/run_job.h"

namespace fb::cli {
namespace {

std::string self_executable() {
  std::error_code ec;
  auto p = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) throw Error("cannot find the factorbench executable (/proc/self/exe)");
  return p.string();
}

std::vector<std::string> read_ids(const std::string& path) {
  std::vector<std::string> ids;
  std::string text = read_file(path), line;
  for (char c : text + "\n") {
    if (c == '\n') {
      if (!line.empty()) ids.push_back(line);
      line.clear();
    } else {
      line += c;
    }
  }
  return ids;
}

class RunJobCommand : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("manifest", manifest_, "DIR/manifest.json written by `factorbench reproduce`")
        ->required();
    auto* id = app.add_option("--id", id_, "the job's id");
    auto* list =
        app.add_option("--list", list_, "a file of job ids, one per line (a Slurm array's map)");
    app.add_option("--index", index_,
                   "0-based array task: runs lines index*K .. index*K+K-1 of --list "
                   "(e.g. $SLURM_ARRAY_TASK_ID)")
        ->needs(list);
    app.add_option("--jobs-per-task", per_task_,
                   "K: jobs of --list run at once, threads split between them")
        ->capture_default_str()
        ->check(CLI::Range(1, 256))
        ->needs(list);
    id->excludes(list);
    app.add_flag(
           "--in-process", in_process_,
           "run the job here (no child process, record or log file): what run-job's own child "
           "process does")
        ->needs(id);
    add_threads_option(app, threads_);
    app.footer(
        "Runs the job (its typed options from the manifest, through reports::run_job) as a child "
        "process, its output appended to DIR/logs/<job>.log and "
        "its state "
        "in DIR/state/<job>.json. SIGUSR1 or SIGTERM stop it: training checkpoints after its "
        "current step, "
        "and the exit code is 75 (run again to continue).\n"
        "Example:\n  factorbench run-job repro/manifest.json --id train/vae/seed-0\n"
        "  factorbench run-job repro/manifest.json --list repro/slurm/train.ids --index 3 "
        "--jobs-per-task 2");
  }

  int run(Io& io) override {
    auto manifest = reports::read_manifest(manifest_);
    std::vector<std::string> ids;
    if (!list_.empty()) {
      const auto all = read_ids(list_);
      const std::size_t first = static_cast<std::size_t>(std::max(0, index_)) * per_task_;
      if (index_ < 0 || first >= all.size())
        throw ConfigError(list_ + ": --index " + std::to_string(index_) + " outside [0, " +
                          std::to_string((all.size() + per_task_ - 1) / per_task_) + ")");
      for (std::size_t i = first; i < all.size() && i < first + per_task_; ++i)
        ids.push_back(all[i]);
    } else if (!id_.empty()) {
      ids.push_back(id_);
    } else {
      throw ConfigError("run-job: give --id or --list with --index");
    }
    for (const auto& id : ids) {
      bool known = false;
      for (const auto& j : manifest.jobs) known = known || j.id == id;
      if (!known) throw ConfigError(manifest_ + ": no job '" + id + "'");
    }
    if (in_process_) {
      for (const auto& j : manifest.jobs)
        if (j.id == id_) return reports::run_job(j, {threads_, &io.out});
    }
    reports::JobRunOptions o;
    o.executable = self_executable();
    o.manifest = std::filesystem::absolute(manifest_).lexically_normal().string();
    o.out_dir = std::filesystem::absolute(manifest_).parent_path().lexically_normal().string();
    // The task's threads are split into K shares, one per job, also when the list's last task holds
    // fewer jobs: a job's thread count (and so its CPU results) does not depend on its place in the list.
    o.threads = std::max(1, threads_ / per_task_);
    return reports::run_jobs(manifest.jobs, ids, o, io.out);
  }

 private:
  std::string manifest_, id_, list_;
  int index_ = -1;
  int per_task_ = 1;
  int threads_ = 0;
  bool in_process_ = false;
};

}  // namespace

FB_REGISTER(command_registry(),
            {"run-job", "Run jobs of a reproduction manifest (used by the backends)",
             Json::object(), [] { return std::make_unique<RunJobCommand>(); }});

}  // namespace fb::cli
