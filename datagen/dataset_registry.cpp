// The dataset registry and the two ways in: open by name (in memory, or the cached generated file)
// or by path (datagen/file_reader.h), and `generate NAME`.
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "core/file_lock.h"
#include "core/paths.h"
#include "datagen/dataset.h"
#include "datagen/file_reader.h"
#include "datagen/releases.h"

namespace fb::data {

Registry<DatasetFactory>& dataset_registry() {
  static Registry<DatasetFactory> reg("dataset");
  return reg;
}

FB_REGISTER_FAMILY("datasets", dataset_registry);

namespace {

// `list generators`: the datasets that have a file writer, with its options' defaults.
std::vector<FamilyMember> list_generators() {
  std::vector<FamilyMember> out;
  for (const auto* e : dataset_registry().entries()) {
    if (!e->make.generate) continue;
    Json defaults = Json::object();
    for (const auto& o : e->make.generate_options) defaults[o.key] = o.value;
    out.push_back({e->name, e->make.writes, defaults});
  }
  return out;
}

const bool kGeneratorsListed = (family_index()["generators"] = list_generators, true);

const DatasetFactory& with_generator(const std::string& name) {
  const auto& entry = dataset_registry().get(name);
  if (!entry.make.generate)
    throw ConfigError(name +
                      ": has no generator, it is read from the user's files (see "
                      "`factorbench list generators`)");
  return entry.make;
}

bool looks_like_path(const std::string& s) {
  auto ends = [&](const char* ext) {
    std::string e(ext);
    return s.size() >= e.size() && s.compare(s.size() - e.size(), e.size(), e) == 0;
  };
  return s.find('/') != std::string::npos || ends(".h5") || ends(".hdf5");
}

}  // namespace

DatasetFiles::DatasetFiles(std::string name, GenerateFn generate)
    : name_(std::move(name)), generate_(std::move(generate)) {}

std::string DatasetFiles::generated(const Json& options) const {
  FB_CHECK(static_cast<bool>(generate_),
           name_ + ": asks for a generated file but has no generator");
  char tag[17];
  std::snprintf(tag, sizeof tag, "%016llx",
                static_cast<unsigned long long>(hash_name(options.dump())));
  const std::string path = cache_dir() + "/" + name_ + "-" + tag + ".h5";
  FileLock lock(path + ".lock");
  if (!std::filesystem::exists(path)) {
    std::cerr << "factorbench: generating " << name_ << " into " << path << " (once)\n";
    generate_({path, /*force=*/false, options});
  }
  return path;
}

const std::vector<FieldDoc>& generate_options(const std::string& name) {
  return with_generator(name).generate_options;
}

GenerateReport generate_dataset(const std::string& name, const GenerateRequest& request) {
  return with_generator(name).generate(request);
}

std::unique_ptr<Dataset> open_dataset(const std::string& name_or_path, const Json& config) {
  // A released file under $FACTORBENCH_DATA wins over the stand-in, unless options ask for
  // something only the generator gives (a count, a resolution, a seed).
  const Release* release = find_release(name_or_path);
  if (release != nullptr && (config.is_null() || config.empty())) {
    const std::string file = locate_release(*release);
    if (!file.empty()) {
      std::cerr << "factorbench: dataset " << name_or_path << ": the release " << file << "\n";
      return open_file(file);
    }
    std::string looked;
    for (const auto& c : release->candidates) looked += (looked.empty() ? "" : ", ") + c;
    const std::string where = data_dir().empty() ? "(FACTORBENCH_DATA is unset)"
                                                 : "under " + data_dir() + " (" + looked + ")";
    if (!release->stand_in)
      throw DataError(name_or_path + ": no released file " + where +
                      "; set FACTORBENCH_DATA to the folder that holds it");
    std::cerr << "factorbench: dataset " << name_or_path << ": no release " << where
              << "; using the generated stand-in\n";
  }
  if (dataset_registry().contains(name_or_path)) {
    const auto& entry = dataset_registry().get(name_or_path);
    return entry.make.open(config, DatasetFiles(entry.name, entry.make.generate));
  }
  if (std::filesystem::exists(name_or_path)) {
    // A file takes only the options every reader understands (the resolution).
    return open_file(name_or_path, config.is_null() ? FileOpenOptions()
                                                    : parse<FileOpenOptions>(config, name_or_path));
  }
  if (looks_like_path(name_or_path)) throw DataError(name_or_path + ": no such file");
  dataset_registry().get(name_or_path);  // throws UnknownName with suggestions
  return nullptr;
}

}  // namespace fb::data
