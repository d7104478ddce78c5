// factorbench bench train --model NAME: training-speed probe (images/s on random data, no IO).
#include "engine/bench.h"

#include "cli/command.h"
#include "core/config.h"

namespace fb::cli {
namespace {

class BenchCommand : public Command {
 public:
  void setup(CLI::App& app) override {
    app.require_subcommand(1);
    CLI::App* train =
        app.add_subcommand("train", "time training steps of a model on one random batch");
    train->add_option("--model", options_.model, "model name (`factorbench list models`)")
        ->required();
    train->add_option("--set", sets_, "model option key=value");
    train->add_option("--batch", options_.batch, "batch size")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    train->add_option("--seconds", options_.seconds, "timed duration after 3 warm-up steps")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    train->add_option("--channels", options_.channels, "image channels (1 or 3)")
        ->capture_default_str()
        ->check(CLI::IsMember({1, 3}));
    train->add_option("--device", options_.device, "cpu, cuda or cuda:N")->capture_default_str();
    add_threads_option(*train, options_.threads);
    app.footer(
        "Prints one JSON line; benchmark/pytorch_reference.py prints the same line for PyTorch.\n"
        "Example:\n  factorbench bench train --model beta_vae --batch 64 --seconds 10 --threads 2");
  }

  int run(Io& io) override {
    options_.model_config = Json::object();
    for (const auto& s : sets_) apply_override(options_.model_config, s);
    io.out << engine::bench_train(options_).dump() << "\n";
    return 0;
  }

 private:
  engine::BenchOptions options_;
  std::vector<std::string> sets_;
};

}  // namespace

FB_REGISTER(command_registry(),
            {"bench", "Speed probes: `bench train` times training steps (images/s)", Json::object(),
             [] { return std::make_unique<BenchCommand>(); }});

}  // namespace fb::cli
