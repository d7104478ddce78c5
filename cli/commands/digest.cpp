// factorbench digest RUN_DIR: SHA-256 of a finished run's final parameters.
#include "cli/command.h"
#include "engine/trainer.h"

namespace fb::cli {
namespace {

class DigestCommand : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("run_dir", run_dir_, "a finished run directory")->required();
    app.footer(
        "Equal digests mean bitwise-identical parameters (e.g. a resumed run and an uninterrupted "
        "one).\n"
        "Example:\n  factorbench digest runs/bvae4-s0");
  }

  int run(Io& io) override {
    io.out << engine::run_digest(run_dir_) << "\n";
    return 0;
  }

 private:
  std::string run_dir_;
};

}  // namespace

FB_REGISTER(command_registry(), {"digest", "Print the SHA-256 of a run's final parameters",
                                 Json::object(), [] { return std::make_unique<DigestCommand>(); }});

}  // namespace fb::cli
