// factorbench info PATH: what a dataset file or folder holds, recognised by content.
#include "cli/command.h"
#include "datagen/file_info.h"

namespace fb::cli {
namespace {

class InfoCommand : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("path", path_, "a dataset file or folder (any format in `list readers`)")
        ->required();
    app.add_flag("--json", json_, "print the description as JSON");
    app.add_flag("--checksum", checksum_,
                 "compute the SHA-256 when PATH.sha256 is missing or stale, and cache it there");
    app.footer(
        "Prints the detected format, factor names and sizes, image shape, count and checksum "
        "status.\nExample:\n  factorbench info "
        "~/data/dsprites_ndarray_co1sh3sc6or40x32y32_64x64.npz --checksum");
  }

  int run(Io& io) override {
    const data::FileInfo info = data::inspect_file(path_, checksum_);
    if (json_) {
      io.out << data::to_json(info).dump(2) << "\n";
      return 0;
    }
    io.out << "path      " << info.path << "\n"
           << "format    " << info.format << " (dataset " << info.dataset << ")\n"
           << "images    " << info.count << " x " << info.height << "x" << info.width << "x"
           << info.channels << "\n"
           << "factors   ";
    for (std::size_t i = 0; i < info.factors.size(); ++i)
      io.out << (i ? ", " : "") << info.factors[i].name << " " << info.factors[i].size();
    io.out << "\nsha256    " << (info.sha256.empty() ? "-" : info.sha256) << " (" << info.checksum
           << ")\n";
    return 0;
  }

 private:
  std::string path_;
  bool json_ = false, checksum_ = false;
};

}  // namespace

FB_REGISTER(command_registry(),
            {"info", "Describe a dataset file or folder: format, factors, images, checksum",
             Json::object(), [] { return std::make_unique<InfoCommand>(); }});

}  // namespace fb::cli
