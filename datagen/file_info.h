// What a dataset file or folder holds (`factorbench info PATH`): the reader that recognised it, the
// factors, the image shape and count, and its SHA-256, computed once and cached beside it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/json.h"
#include "datagen/dataset.h"

namespace fb::data {

struct FileInfo {
  std::string path;
  std::string format;   ///< the reader's name (`factorbench list readers`)
  std::string dataset;  ///< Dataset::name()
  std::vector<Factor> factors;
  int height = 0, width = 0, channels = 0;
  std::int64_t count = 0;
  std::string sha256;    ///< empty when not computed
  std::string checksum;  ///< "cached", "computed now" or "not computed"
};

/// Opens `path` by content and describes it. With `compute_checksum`, a missing or stale
/// PATH.sha256 is (re)computed and written; otherwise only a valid cached one is reported.
FileInfo inspect_file(const std::string& path, bool compute_checksum);
Json to_json(const FileInfo& info);

/// What provenance records about the data `open_dataset(name_or_path, config)` opens: {"source":
/// "file"} for a path and {"source": "release"} for a name found under $FACTORBENCH_DATA, each with
/// "format" (the reader), "path" and "sha256" (computed once, cached beside the file); {"source":
/// "generated"} for a registered stand-in. "name" is `name_or_path`.
Json dataset_provenance(const std::string& name_or_path, const Json& config);

/// SHA-256 of a file, or of a folder's regular files (sorted relative names and contents). Cached in
/// PATH.sha256 as "HEX SIZE MTIME" (size and mtime summed over a folder's files); a cache whose
/// size or mtime disagrees is stale. Returns "" when not cached and `compute` is false; `status`
/// gets "cached", "computed now" or "not computed".
std::string release_sha256(const std::string& path, bool compute, std::string* status);

}  // namespace fb::data
