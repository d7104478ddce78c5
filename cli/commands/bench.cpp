// factorbench bench train --model NAME: training-speed probe (images/s on random data, no IO).
#include "engine/bench.h"

#include <cstdio>

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
        "Prints one JSON line (with FLOPs per image, the fraction of the FMA peak reached and the\n"
        "machine: docs/performance.md, What ran) and a summary on stderr;\n"
        "benchmark/pytorch_reference.py prints the same line for PyTorch.\n"
        "Example:\n  factorbench bench train --model beta_vae --batch 64 --seconds 10 --threads 2");
  }

  int run(Io& io) override {
    options_.model_config = Json::object();
    for (const auto& s : sets_) apply_override(options_.model_config, s);
    const Json j = engine::bench_train(options_);
    io.out << j.dump() << "\n";
    // The same figures for a reader, on stderr so the JSON line stays the only stdout.
    char line[256];
    int n = std::snprintf(line, sizeof line, "%s: %.1f images/s, %.1f MFLOP/image, %.2f GFLOP/s",
                          options_.model.c_str(), j["images_per_s"].get<double>(),
                          j["flops_per_image"].get<double>() / 1e6,
                          j["flops_per_s"].get<double>() / 1e9);
    if (!j["fraction_of_peak"].is_null() && n > 0 && n < static_cast<int>(sizeof line))
      std::snprintf(line + n, sizeof line - static_cast<std::size_t>(n),
                    " = %.1f %% of the %d-thread FMA peak (%.1f GFLOP/s)",
                    100 * j["fraction_of_peak"].get<double>(), j["threads"].get<int>(),
                    j["peak_flops_per_s"].get<double>() / 1e9);
    io.err << line << "\n";
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
