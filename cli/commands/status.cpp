// factorbench status DIR: where a reproduction stands (jobs per stage, ETA, failures with their logs).
#include <chrono>
#include <thread>

#include "cli/command.h"
#include "reports/status.h"

namespace fb::cli {
namespace {

class StatusCommand : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("dir", dir_,
                   "output directory of `factorbench reproduce` (either backend; may be a copy)")
        ->required();
    app.add_flag("--json", json_, "print the status as JSON");
    app.add_flag("--watch", watch_,
                 "refresh in the terminal until nothing is running or pending (Ctrl-C stops)");
    app.add_option("--interval", interval_, "seconds between refreshes with --watch")
        ->capture_default_str()
        ->check(CLI::Range(0.1, 86400.0));
    app.footer(
        "Jobs are done when their outputs exist; running, failed and their durations come from "
        "DIR/state, which "
        "each job's run-job keeps. The ETA is the remaining jobs at their stage's mean duration, "
        "divided by the "
        "jobs running at once.\n"
        "Example:\n  factorbench status repro-smoke\n  factorbench status /scratch/infogan-cr "
        "--watch");
  }

  int run(Io& io) override {
    while (true) {
      const auto s = reports::run_status(dir_);
      if (watch_ && !json_)
        io.out << "\033[H\033[2J";  // home and clear: the table redraws in place
      if (json_)
        io.out << reports::status_json(s).dump(1) << "\n";
      else
        io.out << reports::format_status(s);
      io.out.flush();
      if (!watch_ || s.finished()) return 0;
      std::this_thread::sleep_for(std::chrono::duration<double>(interval_));
    }
  }

 private:
  std::string dir_;
  bool json_ = false, watch_ = false;
  double interval_ = 10;
};

}  // namespace

FB_REGISTER(command_registry(),
            {"status", "Where a reproduction stands: jobs per stage, ETA, failures", Json::object(),
             [] { return std::make_unique<StatusCommand>(); }});

}  // namespace fb::cli
