// factorbench traverse RUN_DIR --out grid.png: latent traversals of a trained generator.
#include "cli/command.h"
#include "core/atomic_output.h"
#include "core/image_io.h"
#include "methods/traversal.h"

namespace fb::cli {
namespace {

class TraverseCommand : public Command {
 public:
  void setup(CLI::App& app) override {
    auto* run = app.add_option("run_dir", o_.run_dir, "a finished run directory");
    auto* sel = app.add_option("--selection", o_.selection,
                               "traverse the model a selection.json chose instead");
    run->excludes(sel);
    app.add_option("--snapshot", o_.snapshot,
                   "a named snapshot of the run (e.g. infogan_modified)");
    app.add_option("--columns", o_.columns, "values per code dimension")->capture_default_str();
    app.add_option("--seed", o_.seed, "seed of the fixed noise")->capture_default_str();
    app.add_option("--device", o_.device, "cpu, cuda or cuda:N")->capture_default_str();
    app.add_option("--out", out_, "PNG file to write")->required();
    app.add_flag("--force", force_, "overwrite an existing output file");
    add_threads_option(app, o_.threads);
    app.footer(
        "Example:\n  factorbench traverse runs/infogan_cr/seed-0 --out traversal.png\n"
        "  factorbench traverse --selection selections/pool/model-centrality-r0.json --out "
        "chosen.png");
  }
  int run(Io& io) override {
    if (o_.run_dir.empty() && o_.selection.empty())
      throw ConfigError("traverse: give RUN_DIR or --selection");
    AtomicOutput out(out_, force_);
    write_file(out.partial(), encode_png(methods::traversal_grid(o_)));
    out.commit();
    io.out << "wrote " << out_ << "\n";
    return 0;
  }

 private:
  methods::TraversalOptions o_;
  std::string out_;
  bool force_ = false;
};

}  // namespace

FB_REGISTER(command_registry(),
            {"traverse", "Write a PNG of latent traversals of a trained generator", Json::object(),
             [] { return std::make_unique<TraverseCommand>(); }});

}  // namespace fb::cli
