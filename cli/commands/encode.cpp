// factorbench encode RUN_DIR --out codes.h5: export a trained model's codes and the factor labels.
#include "engine/encode.h"

#include "cli/command.h"

namespace fb::cli {
namespace {

class EncodeCommand : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("run_dir", options_.run_dir, "a finished run directory")->required();
    app.add_option("--dataset", options_.dataset,
                   "dataset name or HDF5 file (default: the run's dataset)");
    app.add_option("--out", options_.out,
                   "HDF5 file: /train/codes, /train/factors, /udr/mean, /udr/kl")
        ->required();
    app.add_option(
           "--representation", options_.representation,
           "mean (posterior mean, the DL headline) or sampled (mu + sigma*eps, the CR protocol)")
        ->capture_default_str()
        ->check(CLI::IsMember({"mean", "sampled"}));
    app.add_option("--limit", options_.limit, "encode only the first N images (0 = all)")
        ->capture_default_str();
    app.add_option("--batch", options_.batch, "images per forward pass")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    app.add_option("--seed", options_.seed, "seed of the sampled representation's noise")
        ->capture_default_str();
    app.add_option("--device", options_.device, "cpu, cuda or cuda:N")->capture_default_str();
    app.add_flag("--force", options_.force, "overwrite an existing output file");
    add_threads_option(app, options_.threads);
    app.footer(
        "The output is the input of `factorbench evaluate-codes`.\n"
        "Example:\n  factorbench encode runs/bvae4-s0 --out runs/bvae4-s0/codes.h5\n"
        "  factorbench encode runs/fvae-cr-s3 --representation sampled --out fvae-codes.h5");
  }

  int run(Io& io) override {
    auto result = engine::encode_run(options_);
    io.out << "wrote " << options_.out << ": " << result.images << " codes of " << result.latent_dim
           << " dimensions\n";
    return 0;
  }

 private:
  engine::EncodeOptions options_;
};

}  // namespace

FB_REGISTER(command_registry(),
            {"encode", "Export a trained model's codes and factor labels (HDF5)", Json::object(),
             [] { return std::make_unique<EncodeCommand>(); }});

}  // namespace fb::cli
