// factorbench run-job MANIFEST --id ID: run one job of a reproduction (what the backends start).
#include <filesystem>

#include "cli/command.h"
#include "core/atomic_output.h"
#include "core/error.h"
#include "reports/jobs.h"

namespace fb::cli {
namespace {

class RunJobCommand : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("manifest", manifest_, "DIR/manifest.json written by `factorbench reproduce`")
        ->required();
    auto* id = app.add_option("--id", id_, "the job's id");
    auto* list =
        app.add_option("--list", list_, "a file of job ids, one per line (a Slurm array's map)");
    app.add_option("--index", index_, "0-based line of --list (e.g. $SLURM_ARRAY_TASK_ID)")
        ->needs(list);
    id->excludes(list);
    add_threads_option(app, threads_);
    app.footer(
        "Example:\n  factorbench run-job repro/manifest.json --id train/vae/seed-0\n"
        "  factorbench run-job repro/manifest.json --list repro/slurm/train.ids --index 3");
  }

  int run(Io& io) override {
    auto manifest = reports::read_manifest(manifest_);
    std::string id = id_;
    if (!list_.empty()) {
      std::vector<std::string> ids;
      std::string text = read_file(list_), line;
      for (char c : text) {
        if (c == '\n') {
          if (!line.empty()) ids.push_back(line);
          line.clear();
        } else {
          line += c;
        }
      }
      if (!line.empty()) ids.push_back(line);
      if (index_ < 0 || index_ >= static_cast<int>(ids.size()))
        throw ConfigError(list_ + ": --index " + std::to_string(index_) + " outside [0, " +
                          std::to_string(ids.size()) + ")");
      id = ids[index_];
    }
    if (id.empty()) throw ConfigError("run-job: give --id or --list with --index");
    const reports::Job* job = nullptr;
    for (const auto& j : manifest.jobs)
      if (j.id == id) job = &j;
    if (!job) throw ConfigError(manifest_ + ": no job '" + id + "'");
    if (reports::job_done(*job)) {
      io.out << id << ": already done\n";
      return 0;
    }
    for (const auto& dep : job->after)
      for (const auto& j : manifest.jobs)
        if (j.id == dep && !reports::job_done(j))
          throw DataError(id + ": waits on " + dep + ", which has not finished");
    // Commands refuse to create directories for their outputs; the layout is the harness's to make.
    for (const auto& o : job->outputs)
      std::filesystem::create_directories(std::filesystem::path(o).parent_path());
    auto argv = job->argv;
    argv.insert(argv.begin(), "--quiet");
    argv.insert(argv.end(), {"--threads", std::to_string(threads_)});
    io.out << id << ": factorbench";
    for (const auto& a : argv) io.out << " " << a;
    io.out << "\n";
    return run_cli(argv, io.out, io.err);
  }

 private:
  std::string manifest_, id_, list_;
  int index_ = -1;
  int threads_ = 0;
};

}  // namespace

FB_REGISTER(command_registry(),
            {"run-job", "Run one job of a reproduction manifest (used by the backends)",
             Json::object(), [] { return std::make_unique<RunJobCommand>(); }});

}  // namespace fb::cli
