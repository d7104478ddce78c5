// factorbench generate DATASET --out F.h5: regenerate a factor dataset in its release layout.
#include <iomanip>
#include <optional>
#include <sstream>

#include "cli/command.h"
#include "core/config.h"
#include "core/threads.h"
#include "datagen/generator.h"

namespace fb::cli {
namespace {

class GenerateCommand : public Command {
 public:
  void setup(CLI::App& app) override {
    std::string names;
    for (const auto& n : data::generator_registry().names()) names += (names.empty() ? "" : ", ") + n;
    app.add_option("dataset", dataset_, "what to generate: " + names)->required();
    app.add_option("--out", out_, "output HDF5 file (written as F.partial, renamed when complete)")->required();
    app.add_option("--seed", seed_, "seed of all random draws (variants' nuisance, subsets)");
    app.add_option("--variant", variant_, "dsprites: none, color, noisy, scream or imbalanced");
    app.add_option("--shape-weights", shape_weights_,
                   "dsprites --variant imbalanced: prior of square,ellipse,heart (default 0.6,0.3,0.1)")
        ->delimiter(',');
    app.add_option("--texture", texture_, "dsprites --variant scream: background picture (needs OpenCV)");
    app.add_option("--set", sets_, "generator option key=value (see `factorbench list generators`)");
    app.add_flag("--force", force_, "overwrite an existing output file");
    add_threads_option(app, threads_);
    app.footer(
        "Example:\n  factorbench generate dsprites --out dsprites.h5\n"
        "  factorbench generate dsprites --variant imbalanced --shape-weights 0.7,0.2,0.1 --out imb.h5");
  }

  int run(Io& io) override {
    configure_threads(threads_);
    const auto& entry = data::generator_registry().get(dataset_);
    Json config = Json::object();
    if (seed_) config["seed"] = *seed_;
    if (!variant_.empty()) config["variant"] = variant_;
    if (!shape_weights_.empty()) config["shape_weights"] = shape_weights_;
    if (!texture_.empty()) config["texture"] = texture_;
    for (const auto& s : sets_) apply_override(config, s);
    auto report = entry.make({out_, force_, config});
    std::ostringstream line;
    line << std::fixed << std::setprecision(2) << "wrote " << out_ << ": " << report.images << " images in "
         << report.seconds << " s (" << std::setprecision(0) << report.images / std::max(report.seconds, 1e-9)
         << " images/s), " << std::setprecision(1) << report.bytes / 1e6 << " MB\n";
    io.out << line.str();
    return 0;
  }

 private:
  std::string dataset_, out_, variant_, texture_;
  std::optional<std::int64_t> seed_;
  std::vector<double> shape_weights_;
  std::vector<std::string> sets_;
  bool force_ = false;
  int threads_ = 0;
};

}  // namespace

FB_REGISTER(command_registry(), {"generate", "Generate a factor dataset file (dSprites and variants, ...)",
                                 Json::object(), [] { return std::make_unique<GenerateCommand>(); }});

}  // namespace fb::cli
