// factorbench describe MODEL: the networks layer by layer (module, output shape, parameters), the
// totals and the optimisers with their parameter groups.
#include "engine/describe.h"
#include "cli/command.h"
#include "core/config.h"

namespace fb::cli {
namespace {

class DescribeCommand : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("model", options_.model, "model name (`factorbench list models`)")->required();
    app.add_option("--set", sets_,
                   "model option key=value, e.g. --set architecture=cr (as for train)");
    app.add_option(
           "--dataset", options_.dataset,
           "dataset whose image size and factors the model is built for (name or HDF5 file)")
        ->capture_default_str();
    app.add_option(
        "--dataset-set", dataset_sets_,
        "dataset option key=value (default: a 2-image in-memory sample where the dataset allows)");
    app.add_option("--batch", options_.batch,
                   "probe batch: the leading size of every printed shape")
        ->capture_default_str()
        ->check(CLI::Range(2, 64));
    app.add_flag("--json", json_, "print the description as JSON");
    app.footer(
        "Builds the model as `train` would (nothing is trained or written), runs each network once "
        "on a\n"
        "small batch and prints every layer with its output shape and parameter count, each "
        "network's\n"
        "total and the optimisers' parameter groups. A parameterless layer outside a Sequential "
        "shows \"-\".\n"
        "Example:\n  factorbench describe infogan_cr\n"
        "  factorbench describe factor_vae --set architecture=cr --json\n"
        "  factorbench describe semi_stylegan --dataset isaac3d --dataset-set count=2 \\\n"
        "      --dataset-set resolution=128 --set width=full   # the paper's 49.05M Isaac3D model");
  }

  int run(Io& io) override {
    for (const auto& s : sets_) apply_override(options_.config, s);
    for (const auto& s : dataset_sets_) apply_override(options_.dataset_config, s);
    const Json d = engine::describe_model(options_);
    io.out << (json_ ? d.dump(2) + "\n" : engine::format_description(d));
    return 0;
  }

 private:
  engine::DescribeOptions options_;
  std::vector<std::string> sets_, dataset_sets_;
  bool json_ = false;
};

}  // namespace

FB_REGISTER(command_registry(),
            {"describe", "Print a model's networks layer by layer, parameter counts and optimisers",
             Json::object(), [] { return std::make_unique<DescribeCommand>(); }});

}  // namespace fb::cli
