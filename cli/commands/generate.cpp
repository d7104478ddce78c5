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
    for (const auto& n : data::generator_registry().names())
      names += (names.empty() ? "" : ", ") + n;
    app.add_option("dataset", dataset_, "what to generate: " + names)->required();
    app.add_option("--out", out_, "output HDF5 file (written as F.partial, renamed when complete)")
        ->required();
    app.add_option("--seed", seed_, "seed of all random draws (variants' nuisance, subsets)");
    app.add_option("--variant", variant_, "dsprites: none, color, noisy, scream or imbalanced");
    app.add_option(
           "--shape-weights", shape_weights_,
           "dsprites --variant imbalanced: prior of square,ellipse,heart (default 0.6,0.3,0.1)")
        ->delimiter(',');
    app.add_option("--texture", texture_, "dsprites --variant scream: background picture");
    app.add_option("--count", count_,
                   "teapots: number of images; grid datasets: that many random grid points");
    app.add_option("--resolution", resolution_,
                   "mpi3d, falcor3d, isaac3d: image side, 64 (default) or 128");
    app.add_option("--subset", subset_,
                   "grid datasets: grid points to keep, FACTOR=a or FACTOR=a:b (classes a..b-1), "
                   "comma-separated");
    app.add_option("--groups", groups_,
                   "fixed-factor metric groups M written to /metric (teapots default 500)");
    app.add_option("--group-size", group_size_, "images per metric group L (default 100)");
    app.add_option("--set", sets_,
                   "generator option key=value (see `factorbench list generators`)");
    app.add_flag("--force", force_, "overwrite an existing output file");
    add_threads_option(app, threads_);
    app.footer(
        "Example:\n  factorbench generate dsprites --out dsprites.h5\n"
        "  factorbench generate dsprites --variant imbalanced --shape-weights 0.7,0.2,0.1 --out "
        "imb.h5\n"
        "  factorbench generate teapots --out teapots.h5            (200,000 images + 500x100 "
        "metric groups)\n"
        "  factorbench generate mpi3d --resolution 128 --subset object_shape=0,camera_height=1 "
        "--out m.h5\n"
        "  factorbench generate shapes3d --count 1000 --groups 60 --group-size 20 --out s.h5");
  }

  int run(Io& io) override {
    configure_threads(threads_);
    const auto& entry = data::generator_registry().get(dataset_);
    Json config = Json::object();
    if (seed_) config["seed"] = *seed_;
    if (!variant_.empty()) config["variant"] = variant_;
    if (!shape_weights_.empty()) config["shape_weights"] = shape_weights_;
    if (!texture_.empty()) config["texture"] = texture_;
    // Generic options go into the generator's config, which rejects the keys it does not have.
    if (count_) config["count"] = *count_;
    if (resolution_) config["resolution"] = *resolution_;
    if (subset_) config["subset"] = *subset_;
    if (groups_) config["groups"] = *groups_;
    if (group_size_) config["group_size"] = *group_size_;
    for (const auto& s : sets_) apply_override(config, s);
    auto report = entry.make({out_, force_, config});
    std::ostringstream line;
    line << std::fixed << std::setprecision(2) << "wrote " << out_ << ": " << report.images
         << " images in " << report.seconds << " s (" << std::setprecision(0)
         << report.images / std::max(report.seconds, 1e-9) << " images/s), " << std::setprecision(1)
         << report.bytes / 1e6 << " MB\n";
    io.out << line.str();
    return 0;
  }

 private:
  std::string dataset_, out_, variant_, texture_;
  std::optional<std::int64_t> seed_, count_, resolution_, groups_, group_size_;
  std::optional<std::string> subset_;
  std::vector<double> shape_weights_;
  std::vector<std::string> sets_;
  bool force_ = false;
  int threads_ = 0;
};

}  // namespace

FB_REGISTER(command_registry(),
            {"generate",
             "Generate a factor dataset file (dSprites and variants, Teapots, 3dshapes-, MPI3D-, "
             "Falcor3D-, Isaac3D-like)",
             Json::object(), [] { return std::make_unique<GenerateCommand>(); }});

}  // namespace fb::cli
