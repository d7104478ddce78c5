#include "datagen/file_reader.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "core/npz.h"
#include "datagen/h5_probe.h"

namespace fb::data {

namespace {
// HDF5 files up to this size are opened whole in the probe's child (datagen/h5_probe.h).
constexpr std::uintmax_t kWholeProbeBytes = std::uintmax_t(1) << 20;

// The readers whose sniff accepts `path`; the probe is closed before any reader opens the file.
std::vector<const Registry<FileReader>::Entry*> matching_readers(const std::string& path) {
  std::vector<const Registry<FileReader>::Entry*> matches;
  const FileProbe probe(path);
  for (const auto* e : reader_registry().entries())
    if (e->make.sniff(probe)) matches.push_back(e);
  return matches;
}
}  // namespace

FileProbe::FileProbe(std::string path) : path_(std::move(path)) {
  directory_ = std::filesystem::is_directory(path_);
  if (directory_) return;
  std::ifstream in(path_, std::ios::binary);
  char bytes[16];
  in.read(bytes, sizeof bytes);
  head_.assign(bytes, static_cast<std::size_t>(in.gcount()));
  if (h5::File::is_hdf5(path_)) {
    // The sniffs and the metadata reads run in a child first (datagen/h5_probe.h): libhdf5 1.10
    // crashes or hangs on some corrupt files.
    if (!hdf5_probe_child())
      probe_hdf5_isolated(path_, [this] {
        const auto matches = matching_readers(path_);
        // libhdf5's failures depend on the order of its reads, so a file small enough to read
        // twice is opened in the child exactly as the parent will open it.
        if (matches.size() == 1 && std::filesystem::file_size(path_) <= kWholeProbeBytes)
          matches[0]->make.open(path_);
      });
    h5_ = h5::File::open(path_);
  }
  if (npy::looks_like_zip(head_)) npz_arrays_ = npy::Npz(path_).arrays();
}

bool FileProbe::npz_has(const std::string& name) const {
  return std::find(npz_arrays_.begin(), npz_arrays_.end(), name) != npz_arrays_.end();
}

Registry<FileReader>& reader_registry() {
  static Registry<FileReader> reg("reader");
  return reg;
}

FB_REGISTER_FAMILY("readers", reader_registry);

std::string detect_format(const std::string& path) {
  const auto matches = matching_readers(path);
  if (matches.size() == 1) return matches[0]->name;
  if (matches.empty()) {
    std::string known;
    for (const auto* e : reader_registry().entries())
      known += (known.empty() ? "" : "; ") + e->name + ": " + e->summary;
    throw DataError(path + ": unrecognised format (expected " + known +
                    "; see `factorbench list readers`)");
  }
  std::string names;
  for (const auto* e : matches) names += (names.empty() ? "" : ", ") + e->name;
  throw DataError(path + ": ambiguous format, several readers accept it (" + names + ")");
}

void FileOpenOptions::validate(const std::string& where) const {
  require(resolution == 0 || resolution == 64 || resolution == 128, where + ".resolution",
          "must be 64 or 128 (0: the format's own)", std::to_string(resolution));
}

std::unique_ptr<Dataset> open_file(const std::string& path, const FileOpenOptions& options) {
  const FileReader& reader = reader_registry().get(detect_format(path)).make;
  if (options.resolution == 0) return reader.open(path);
  if (reader.open_at) return reader.open_at(path, static_cast<int>(options.resolution));
  auto d = reader.open(path);
  if (d->height() != options.resolution || d->width() != options.resolution)
    throw ConfigError(path + ": holds " + std::to_string(d->height()) + "x" +
                      std::to_string(d->width()) + " images, not the resolution " +
                      std::to_string(options.resolution) +
                      " asked for (only PNG folders are resized on load)");
  return d;
}

}  // namespace fb::data
