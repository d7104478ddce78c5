// factorbench select POOL --method M --out selection.json: pick a model from a pool of runs.
#include "methods/select.h"

#include "cli/command.h"
#include "core/config.h"
#include "methods/selector.h"

namespace fb::cli {
namespace {

class SelectCommand : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("pool", options_.pool,
                   "a directory of training runs (searched recursively), a text file listing one "
                   "run directory per "
                   "line, or a .json list of runs / {\"run\", \"snapshot\", \"metrics\"} objects")
        ->required();
    app.add_option("--method", options_.method,
                   "model-centrality | udr-lasso | udr-spearman | supervised:METRIC (a "
                   "metrics.json key, read from "
                   "each run's metrics.json unless the list names another file)")
        ->required();
    app.add_option("--out", options_.out,
                   "selection.json: every model's score, the ranking and the chosen model")
        ->required();
    app.add_option(
        "--set", sets_,
        "selector option key=value, e.g. --set groups=100 (see `factorbench list selectors`)");
    app.add_option(
        "--snapshot", options_.snapshot,
        "score this snapshot of every run instead of its final model (e.g. infogan_modified)");
    app.add_option("--seed", options_.seed, "seed of generation and observation sampling")
        ->capture_default_str();
    app.add_option("--device", options_.device, "cpu, cuda or cuda:N")->capture_default_str();
    app.add_flag("--force", options_.force, "overwrite an existing output file");
    add_threads_option(app, options_.threads);
    app.footer(
        "Example:\n  factorbench select runs/infogan_cr --method model-centrality --out "
        "selection.json\n"
        "  factorbench select pool.txt --method udr-lasso --set num_points=2000 --out udr.json\n"
        "  factorbench select runs/factor_vae --method supervised:factor_vae --out best.json");
  }

  int run(Io& io) override {
    options_.config = Json::object();
    for (const auto& s : sets_) apply_override(options_.config, s);
    io.out << methods::selection_table(methods::select_models(options_));
    return 0;
  }

 private:
  methods::SelectOptions options_;
  std::vector<std::string> sets_;
};

}  // namespace

FB_REGISTER(command_registry(),
            {"select",
             "Select a model from a pool of runs (ModelCentrality, UDR, supervised by a metric)",
             Json::object(), [] { return std::make_unique<SelectCommand>(); }});

}  // namespace fb::cli
