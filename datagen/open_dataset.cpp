#include <filesystem>

#include "core/hdf5.h"
#include "datagen/dsprites.h"
#include "datagen/generator.h"
#include "datagen/grid_dataset.h"
#include "datagen/teapots.h"

namespace fb::data {

Registry<GeneratorFn>& generator_registry() {
  static Registry<GeneratorFn> reg("generator");
  return reg;
}

FB_REGISTER_FAMILY("generators", generator_registry);

GenerateReport finish_report(std::int64_t images, std::chrono::steady_clock::time_point start,
                             const std::string& out) {
  GenerateReport report;
  report.images = images;
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  report.bytes = static_cast<std::int64_t>(std::filesystem::file_size(out));
  return report;
}

namespace {

bool looks_like_path(const std::string& s) {
  auto ends = [&](const char* ext) {
    std::string e(ext);
    return s.size() >= e.size() && s.compare(s.size() - e.size(), e.size(), e) == 0;
  };
  return s.find('/') != std::string::npos || ends(".h5") || ends(".hdf5");
}

// Recognises a file's layout by the datasets it holds (docs/protocols.md §1.7).
std::unique_ptr<Dataset> open_file(const std::string& path) {
  auto file = h5::File::open(path);
  if (file.has("/imgs") && file.has("/latents/classes")) {
    file.close();
    return DspritesDataset::from_file(path);
  }
  if (file.has("/imgs") && file.has("/latents")) {  // Teapots: /latents is the (N,5) array itself
    file.close();
    return TeapotsDataset::from_file(path);
  }
  if (file.has("/images") && file.has("/labels")) {
    // 3dshapes (/labels values, official or ours) and our MPI3D/Falcor3D/Isaac3D (/labels/classes).
    file.close();
    return GridDataset::from_file(path);
  }
  throw DataError(
      path +
      ": unrecognised layout (expected dSprites /imgs + /latents/classes, Teapots /imgs + "
      "/latents, 3dshapes /images + /labels, or /images + /labels/classes; see "
      "`factorbench list datasets`)");
}

}  // namespace

std::unique_ptr<Dataset> open_dataset(const std::string& name_or_path, const Json& config) {
  if (dataset_registry().contains(name_or_path))
    return dataset_registry().get(name_or_path).make(config);
  if (std::filesystem::exists(name_or_path)) {
    if (!config.is_null() && !config.empty())
      throw ConfigError(name_or_path + ": dataset options apply to registered names, not to files");
    return open_file(name_or_path);
  }
  if (looks_like_path(name_or_path)) throw DataError(name_or_path + ": no such file");
  dataset_registry().get(name_or_path);  // throws UnknownName with suggestions
  return nullptr;
}

}  // namespace fb::data
