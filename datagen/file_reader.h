// Dataset files by content: each file format registers a reader, a sniff that recognises the format
// from what a FileProbe shows and an `open` from the path. `open_dataset(PATH)` uses the one reader
// whose sniff accepts the file, so a new format is one file ending in its FB_REGISTER line.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/hdf5.h"
#include "core/registry.h"
#include "datagen/dataset.h"

namespace fb::data {

/// What a sniff looks at: the path, the first bytes, for an HDF5 file which objects it holds and for
/// a zip (.npz) archive which arrays. Constructing one opens an HDF5 or zip file once; a corrupt or
/// truncated one throws DataError naming it.
class FileProbe {
 public:
  explicit FileProbe(std::string path);
  const std::string& path() const { return path_; }
  bool is_directory() const { return directory_; }
  /// Up to the first 16 bytes of a regular file (magic numbers); empty for a directory.
  const std::string& head() const { return head_; }
  bool is_hdf5() const { return h5_.has_value(); }
  /// For an HDF5 file, whether the object `name` ("/a/b") exists; false for any other file.
  bool h5_has(const std::string& name) const { return h5_ && h5_->has(name); }
  /// For an .npz archive, whether it holds array `name` (member NAME.npy); false for any other file.
  bool npz_has(const std::string& name) const;

 private:
  std::string path_, head_;
  bool directory_ = false;
  std::optional<h5::File> h5_;
  std::vector<std::string> npz_arrays_;
};

/// A file format: `sniff` recognises it (cheaply, without throwing), `open` reads it.
struct FileReader {
  std::function<bool(const FileProbe&)> sniff;
  std::function<std::unique_ptr<Dataset>(const std::string& path)> open;
  /// For a format resized on load (PNG folders): opens it with images of side × side. Empty for a
  /// format read at the size it stores.
  std::function<std::unique_ptr<Dataset>(const std::string& path, int side)> open_at = nullptr;
};

/// Options for opening a dataset by PATH (`--dataset-set key=value` on a path, `convert
/// --resolution`).
struct FileOpenOptions {
  std::int64_t resolution = 0;  ///< 0: the format's own size (64 for the resized releases)
  template <class V>
  void visit(V&& v) {
    v("resolution", resolution,
      "image side, 64 or 128: formats resized on load (PNG folders) are resized to it, other files "
      "must hold images of this size; 0 = as the format gives them (64 for resized releases)");
  }
  void validate(const std::string& where) const;
};
/// The readers, by format name; each entry's summary says what the sniff looks for.
Registry<FileReader>& reader_registry();

/// The name of the one reader whose sniff accepts `path`. DataError when none does (naming what
/// each reader looks for) or when several do.
std::string detect_format(const std::string& path);
/// Opens `path` with the reader detect_format names, at `options.resolution` when it is set: a
/// format resized on load is resized to it; any other is opened and ConfigError when its images
/// are of another size.
std::unique_ptr<Dataset> open_file(const std::string& path, const FileOpenOptions& options = {});

}  // namespace fb::data
