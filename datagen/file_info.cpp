#include "datagen/file_info.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/atomic_output.h"
#include "core/error.h"
#include "core/sha256.h"
#include "datagen/file_reader.h"
#include "datagen/releases.h"

namespace fb::data {

namespace {

namespace fs = std::filesystem;

// The regular files a checksum covers: the path itself, or a folder's files in name order.
std::vector<fs::path> covered(const std::string& path) {
  if (!fs::is_directory(path)) return {fs::path(path)};
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(path))
    if (e.is_regular_file()) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

// Size and modification time summed over the covered files: what a valid cache must match.
std::string stamp(const std::vector<fs::path>& files) {
  std::uintmax_t size = 0;
  long long mtime = 0;
  for (const auto& f : files) {
    size += fs::file_size(f);
    mtime += static_cast<long long>(fs::last_write_time(f).time_since_epoch().count());
  }
  return std::to_string(size) + " " + std::to_string(mtime);
}

}  // namespace

std::string release_sha256(const std::string& path, bool compute, std::string* status) {
  const std::string cache = path + ".sha256";
  const auto files = covered(path);
  const std::string now = stamp(files);
  {
    std::ifstream in(cache);
    std::string hex, size, mtime;
    if (in >> hex >> size >> mtime && hex.size() == 64 && size + " " + mtime == now) {
      *status = "cached";
      return hex;
    }
  }
  if (!compute) {
    *status = "not computed";
    return "";
  }
  Sha256 sha;
  std::vector<char> buf(1 << 20);
  for (const auto& f : files) {
    if (fs::is_directory(path)) sha.update(fs::relative(f, path).string() + "\n");
    std::ifstream in(f, std::ios::binary);
    if (!in) throw DataError(f.string() + ": cannot read");
    while (in.read(buf.data(), static_cast<std::streamsize>(buf.size())) || in.gcount() > 0)
      sha.update(buf.data(), static_cast<std::size_t>(in.gcount()));
  }
  const std::string hex = sha.hex();
  try {
    AtomicOutput out(cache, /*force=*/true);
    std::ofstream(out.partial()) << hex << " " << now << "\n";
    out.commit();
    *status = "computed now";
  } catch (const Error&) {
    *status = "computed now (not cached: " + cache + " is not writable)";
  }
  return hex;
}

FileInfo inspect_file(const std::string& path, bool compute_checksum) {
  if (!fs::exists(path)) throw DataError(path + ": no such file or folder");
  FileInfo info;
  info.format = detect_format(path);
  const auto dataset = open_file(path);
  info.path = path;
  info.dataset = dataset->name();
  info.factors = dataset->factors();
  info.height = dataset->height();
  info.width = dataset->width();
  info.channels = dataset->channels();
  info.count = dataset->size();
  info.sha256 = release_sha256(path, compute_checksum, &info.checksum);
  return info;
}

Json dataset_provenance(const std::string& name_or_path, const Json& config) {
  std::string file, source = "file";
  const Release* release = find_release(name_or_path);
  if (release != nullptr && (config.is_null() || config.empty())) {
    file = locate_release(*release);
    source = "release";
  }
  if (file.empty() && (release == nullptr || !release->stand_in) && fs::exists(name_or_path)) {
    file = name_or_path;
    source = "file";
  }
  if (file.empty()) return Json{{"name", name_or_path}, {"source", "generated"}};
  std::string status;
  const std::string sha = release_sha256(file, /*compute=*/true, &status);
  return Json{{"name", name_or_path},
              {"source", source},
              {"format", detect_format(file)},
              {"path", fs::absolute(file).string()},
              {"sha256", sha}};
}

Json to_json(const FileInfo& info) {
  Json factors = Json::array();
  for (const auto& f : info.factors) factors.push_back({{"name", f.name}, {"size", f.size()}});
  return Json{{"path", info.path},
              {"format", info.format},
              {"dataset", info.dataset},
              {"factors", factors},
              {"image", {info.height, info.width, info.channels}},
              {"count", info.count},
              {"sha256", info.sha256},
              {"checksum", info.checksum}};
}

}  // namespace fb::data
