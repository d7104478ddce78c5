// factorbench report DIR: rewrite results and report.md/html from what a reproduction has finished.
#include "cli/command.h"
#include "reports/reproduce.h"

namespace fb::cli {
namespace {

class ReportCommand : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("dir", dir_, "output directory of `factorbench reproduce`")->required();
    app.footer(
        "Example:\n  factorbench report repro-smoke   # writes repro-smoke/report.md and "
        "report.html");
  }
  int run(Io& io) override {
    io.out << "report: " << reports::write_report_for(dir_) << "\n";
    return 0;
  }

 private:
  std::string dir_;
};

}  // namespace

FB_REGISTER(command_registry(),
            {"report", "Write report.md/report.html (paper vs ours) for a reproduction",
             Json::object(), [] { return std::make_unique<ReportCommand>(); }});

}  // namespace fb::cli
