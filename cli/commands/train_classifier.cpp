// factorbench train-classifier DATASET --out DIR: the factor classifier behind mig_gen, l2_gen,
// fd_fb and Elastic-InfoGAN's ent (engine/factor_classifier.h).
#include "cli/command.h"
#include "core/config.h"
#include "engine/classifier_training.h"

namespace fb::cli {
namespace {

class TrainClassifierCommand : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("dataset", o_.dataset, "dataset name or HDF5 file")->required();
    app.add_option("--dataset-set", dataset_sets_,
                   "dataset option key=value, e.g. --dataset-set count=4096");
    app.add_option("--epochs", epochs_, "passes over the training images (default 5)")
        ->check(CLI::PositiveNumber);
    app.add_option("--set", sets_,
                   "classifier option key=value: epochs, batch, lr, holdout_fraction, max_images");
    app.add_option("--seed", o_.seed, "seed of the split, order and initialisation")
        ->capture_default_str();
    app.add_option("--device", o_.device, "cpu, cuda or cuda:N")->capture_default_str();
    app.add_option("--out", o_.out, "classifier directory to write")->required();
    add_threads_option(app, o_.threads);
    app.footer(
        "Example:\n  factorbench train-classifier dsprites_imbalanced --out "
        "classifiers/dsprites-imb\n"
        "  factorbench evaluate runs/elastic-s0 --classifier classifiers/dsprites-imb --out "
        "m.json");
  }

  int run(Io& io) override {
    o_.config = Json::object();
    for (const auto& s : sets_) apply_override(o_.config, s);
    if (epochs_ > 0) o_.config["epochs"] = epochs_;
    o_.dataset_config = Json::object();
    for (const auto& s : dataset_sets_) apply_override(o_.dataset_config, s);
    Json r = engine::train_classifier(o_);
    io.out << o_.out << ": held-out accuracy";
    for (auto it = r["accuracy"].begin(); it != r["accuracy"].end(); ++it)
      io.out << " " << it.key() << "=" << format_number(it->get<double>());
    io.out << "\n";
    return 0;
  }

 private:
  engine::TrainClassifierOptions o_;
  std::int64_t epochs_ = 0;
  std::vector<std::string> sets_, dataset_sets_;
};

}  // namespace

FB_REGISTER(command_registry(),
            {"train-classifier",
             "Train the factor classifier (oracle) for generator metrics and FD_fb", Json::object(),
             [] { return std::make_unique<TrainClassifierCommand>(); }});

}  // namespace fb::cli
