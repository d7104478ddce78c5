// libFuzzer target: the Falcor3D/Isaac3D PNG-folder reader (datagen/png_folder.*): which names count
// as indices, which grid the count picks, the missing-index message, and the PNG reads. The input is
// two parts split at fb::fuzz::kSeparator: the file names, one a line (an "images/" prefix puts a
// file in that subfolder), then the bytes every listed file holds. A 2x3 grid is declared beside
// the releases' (as the tests do) so small inputs reach a complete folder. Only fb::Error may leave.
#include <cstdint>
#include <sstream>
#include <system_error>

#include "core/error.h"
#include "core/threads.h"
#include "datagen/png_folder.h"
#include "tests/fuzz/fuzz_files.h"

namespace {

// A name the harness may create: one plain component, or images/ and one.
bool safe_name(const std::string& name) {
  const std::string base = name.rfind("images/", 0) == 0 ? name.substr(7) : name;
  if (base.empty() || base.size() > 40 || base == "." || base == "..") return false;
  for (char c : base)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-')
      return false;
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fb::configure_threads(1);
  fb::data::png_grids().push_back({"fuzz_grid", {{"a", {0, 1}}, {"b", {0, 1, 2}}}});
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto parts = fb::fuzz::split_parts(data, size, 2);
  const std::string dir = fb::fuzz::fresh_dir("png");
  std::istringstream names(parts[0]);
  std::string name;
  for (int files = 0; std::getline(names, name) && files < 64;) {
    if (!safe_name(name)) continue;
    // A listed plain file named "images" blocks the subfolder: that name is skipped, not a finding.
    std::error_code ec;
    if (name.rfind("images/", 0) == 0) std::filesystem::create_directories(dir + "/images", ec);
    if (ec) continue;
    fb::fuzz::write_file(dir + "/" + name, parts.size() > 1 ? parts[1] : std::string());
    ++files;
  }
  try {
    if (fb::data::PngFolderDataset::looks_like(dir)) fb::data::PngFolderDataset::open(dir);
  } catch (const fb::Error&) {
  }
  return 0;
}
