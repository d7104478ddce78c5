// factorbench show DATASET --out grid.png: a picture of the data, one row per factor.
#include "cli/command.h"
#include "core/atomic_output.h"
#include "core/config.h"
#include "core/image_io.h"
#include "core/threads.h"
#include "datagen/dataset.h"
#include "datagen/factor_grid.h"

namespace fb::cli {
namespace {

class ShowCommand : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("dataset", dataset_,
                   "a dataset name (`factorbench list datasets`) or an HDF5 file")
        ->required();
    app.add_option("--out", out_, "PNG file to write")->required();
    app.add_option("--columns", columns_, "values shown per factor")
        ->check(CLI::Range(1, 64))
        ->capture_default_str();
    app.add_option("--seed", seed_, "seed of the base observation")->capture_default_str();
    app.add_option("--set", sets_,
                   "dataset option key=value, e.g. count=64 to render a small sample in memory");
    app.add_flag("--force", force_, "overwrite an existing output file");
    add_threads_option(app, threads_);
    app.footer(
        "Example:\n  factorbench show dsprites --out dsprites.png\n  factorbench show "
        "my_dsprites.h5 --out grid.png");
  }

  int run(Io& io) override {
    configure_threads(threads_);
    Json config;
    for (const auto& s : sets_) apply_override(config, s);
    AtomicOutput guard(out_, force_);  // fail before the (possibly long) dataset load
    auto dataset = data::open_dataset(dataset_, config);
    write_file(guard.partial(), encode_png(data::factor_grid(*dataset, columns_,
                                                             static_cast<std::uint64_t>(seed_))));
    guard.commit();
    io.out << "wrote " << out_ << "\n";
    return 0;
  }

 private:
  std::string dataset_, out_;
  int columns_ = 10;
  std::int64_t seed_ = 0;
  std::vector<std::string> sets_;
  bool force_ = false;
  int threads_ = 0;
};

}  // namespace

FB_REGISTER(command_registry(), {"show", "Write a PNG grid of a dataset (one row per factor)",
                                 Json::object(), [] { return std::make_unique<ShowCommand>(); }});

}  // namespace fb::cli
