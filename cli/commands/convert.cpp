// factorbench convert SRC --out F.h5: any released file or folder into factorbench's HDF5 layout.
#include <iomanip>

#include "cli/command.h"
#include "core/threads.h"
#include "datagen/converted.h"

namespace fb::cli {
namespace {

class ConvertCommand : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("src", src_, "a dataset file or folder (any format in `list readers`)")
        ->required();
    app.add_option("--out", out_, "output HDF5 file (written as F.partial, renamed when complete)")
        ->required();
    app.add_flag("--force", force_, "overwrite an existing output file");
    app.add_option("--resolution", options_.resolution,
                   "image side, 64 or 128, for sources resized on load (Falcor3D/Isaac3D PNG "
                   "folders); default: the source's own (64 for those)");
    add_threads_option(app, threads_);
    app.footer(
        "Writes /images (chunked, gzip), /factors/classes, /factors/sizes and /factors/values; the "
        "file\nopens by path like the source, with the same images and factors.\n"
        "Example:\n  factorbench convert ~/data/mpi3d_real.npz --out mpi3d_real.h5");
  }

  int run(Io& io) override {
    configure_threads(threads_);
    options_.validate("convert");
    const auto r = data::convert_file(src_, out_, force_, options_);
    io.out << "converted " << r.images << " images (" << r.format << ") into " << r.out << ": "
           << std::fixed << std::setprecision(1) << r.bytes / 1e6 << " MB in " << r.seconds
           << " s (" << std::setprecision(0) << r.images / std::max(r.seconds, 1e-9)
           << " images/s)\n";
    return 0;
  }

 private:
  std::string src_, out_;
  bool force_ = false;
  data::FileOpenOptions options_;
  int threads_ = 0;
};

}  // namespace

FB_REGISTER(command_registry(),
            {"convert", "Write a released dataset file or folder into factorbench's HDF5 layout",
             Json::object(), [] { return std::make_unique<ConvertCommand>(); }});

}  // namespace fb::cli
