#include "datagen/releases.h"

#include <cstdlib>
#include <filesystem>

namespace fb::data {

const std::vector<Release>& releases() {
  static const std::vector<Release> table{
      {"dsprites",
       {"dsprites_ndarray_co1sh3sc6or40x32y32_64x64.npz",
        "dsprites/dsprites_ndarray_co1sh3sc6or40x32y32_64x64.npz",
        "dsprites_ndarray_co1sh3sc6or40x32y32_64x64.hdf5"},
       true},
      {"shapes3d", {"3dshapes.h5", "3dshapes/3dshapes.h5"}, true},
      // The stand-in renders simple shapes: the toy release is its counterpart.
      {"mpi3d", {"mpi3d_toy.npz", "mpi3d_toy/mpi3d_toy.npz"}, true},
      {"mpi3d_toy", {"mpi3d_toy.npz", "mpi3d_toy/mpi3d_toy.npz"}, false},
      {"mpi3d_realistic", {"mpi3d_realistic.npz", "mpi3d_realistic/mpi3d_realistic.npz"}, false},
      {"mpi3d_real", {"mpi3d_real.npz", "mpi3d_real/mpi3d_real.npz"}, false},
      {"falcor3d", {"Falcor3D_down128", "falcor3d"}, true},
      {"isaac3d", {"Isaac3D_down128", "isaac3d"}, true},
      {"cars3d", {"cars", "cars3d"}, false},
      {"smallnorb", {"small_norb", "smallnorb"}, false},
  };
  return table;
}

const Release* find_release(const std::string& name) {
  for (const auto& r : releases())
    if (r.name == name) return &r;
  return nullptr;
}

std::string data_dir() {
  const char* v = std::getenv("FACTORBENCH_DATA");
  return v != nullptr ? std::string(v) : std::string();
}

std::string locate_release(const Release& release) {
  const std::string dir = data_dir();
  if (dir.empty()) return "";
  std::error_code ec;
  for (const auto& c : release.candidates)
    if (std::filesystem::exists(dir + "/" + c, ec)) return dir + "/" + c;
  return "";
}

}  // namespace fb::data
