// factorbench train --model NAME --steps N --out RUN_DIR: train (or resume) one model.
#include "cli/command.h"
#include "core/config.h"
#include "core/stop.h"
#include "engine/trainer.h"
#include "reports/run_job.h"

namespace fb::cli {
namespace {

class TrainCommand : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("--model", options_.model, "model name (`factorbench list models`)")->required();
    app.add_option("--set", sets_,
                   "model option key=value, e.g. --set beta=4 (see `factorbench list models`)");
    app.add_option("--dataset", options_.dataset, "dataset name or HDF5 file")
        ->capture_default_str();
    app.add_option(
        "--dataset-set", dataset_sets_,
        "dataset option key=value, e.g. --dataset-set count=4096 for a small in-memory sample");
    // The run's length: one of --steps and --epochs.
    auto* length = app.add_option_group("length", "--steps or --epochs (one is required)");
    length->add_option("--steps", options_.steps, "total optimisation steps")
        ->check(CLI::PositiveNumber);
    length
        ->add_option("--epochs", options_.epochs,
                     "instead of --steps: epochs x floor(dataset size / batch) steps")
        ->check(CLI::PositiveNumber);
    length->require_option(1);
    app.add_option("--batch", options_.batch, "batch size")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    app.add_option("--seed", options_.seed, "seed of initialisation, data order and noise")
        ->capture_default_str();
    app.add_option("--device", options_.device, "cpu, cuda or cuda:N")->capture_default_str();
    app.add_option("--sampling", options_.sampling,
                   "data order: iid (DL protocol, uniform with replacement) or epochs (CR "
                   "protocol, shuffled "
                   "epochs without replacement)")
        ->capture_default_str();
    app.add_option("--checkpoint-every", options_.checkpoint_every, "steps between checkpoints")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    app.add_option("--log-every", options_.log_every,
                   "steps between log.jsonl lines (means over the interval)")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    app.add_option("--out", options_.out, "run directory; re-running the same command resumes it")
        ->required();
    add_threads_option(app, options_.threads);
    app.footer(
        "Example:\n  factorbench train --model beta_vae --set beta=4 --steps 300000 --out "
        "runs/bvae4-s0\n"
        "  factorbench train --model factor_vae --set architecture=cr --set gamma=10 --sampling "
        "epochs \\\n"
        "      --steps 311040 --seed 3 --out runs/fvae-cr-s3\n"
        "Re-run the same command to resume from the newest checkpoint (bitwise identical on the "
        "CPU). SIGUSR1 or SIGTERM stops it after the current step with a checkpoint (exit 75).");
  }

  int run(Io& io) override {
    options_.model_config = Json::object();
    for (const auto& s : sets_) apply_override(options_.model_config, s);
    options_.dataset_config = Json::object();
    for (const auto& s : dataset_sets_) apply_override(options_.dataset_config, s);
    // SIGUSR1/SIGTERM (a Slurm warning before the time limit, a preemption): checkpoint after the
    // current step and exit kExitResumable; the same command then continues.
    install_stop_handlers();
    options_.stop = &stop_flag();
    auto result = engine::train(options_);
    if (result.stopped) {
      io.err << "factorbench train: stopped on a signal after step " << result.steps
             << " with a checkpoint; run the same command to continue\n";
      return kExitResumable;
    }
    io.out << reports::train_summary(options_, result) << "\n";
    return 0;
  }

 private:
  engine::TrainOptions options_;
  std::vector<std::string> sets_, dataset_sets_;
};

}  // namespace

FB_REGISTER(command_registry(), {"train", "Train (or resume) a model into a run directory",
                                 Json::object(), [] { return std::make_unique<TrainCommand>(); }});

}  // namespace fb::cli
