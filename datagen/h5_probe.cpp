#include "datagen/h5_probe.h"

#include <hdf5.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <thread>
#include <vector>

#include "core/error.h"

namespace fb::data {

namespace {

bool in_child = false;
// Strings and arrays read in the child are capped: the point is to walk libhdf5's decoders, not to
// allocate what a hostile header declares.
constexpr hssize_t kMaxAttrPoints = 1 << 16;
constexpr std::size_t kMaxAttrBytes = std::size_t(1) << 24;

herr_t read_attribute(hid_t loc, const char* name, const H5A_info_t*, void*) {
  const hid_t a = H5Aopen(loc, name, H5P_DEFAULT);
  if (a < 0) return 0;
  const hid_t type = H5Aget_type(a), space = H5Aget_space(a);
  const hssize_t n = space >= 0 ? H5Sget_simple_extent_npoints(space) : -1;
  if (type >= 0 && n > 0 && n <= kMaxAttrPoints && H5Tget_class(type) == H5T_STRING) {
    if (H5Tis_variable_str(type) > 0) {  // variable-length strings live in the global heap
      std::vector<char*> ptrs(static_cast<std::size_t>(n), nullptr);
      const hid_t mem = H5Tcopy(H5T_C_S1);
      H5Tset_size(mem, H5T_VARIABLE);
      if (H5Aread(a, mem, ptrs.data()) >= 0) H5Dvlen_reclaim(mem, space, H5P_DEFAULT, ptrs.data());
      H5Tclose(mem);
    } else if (H5Tget_size(type) * static_cast<std::size_t>(n) <= kMaxAttrBytes) {
      std::vector<char> buf(H5Tget_size(type) * static_cast<std::size_t>(n) + 1);
      H5Aread(a, type, buf.data());
    }
  }
  if (space >= 0) H5Sclose(space);
  if (type >= 0) H5Tclose(type);
  H5Aclose(a);
  return 0;
}

herr_t read_object(hid_t file, const char* name, const H5O_info_t* info, void*) {
  if (info->type == H5O_TYPE_DATASET) {
    const hid_t d = H5Dopen2(file, name, H5P_DEFAULT);
    if (d >= 0) {
      const hid_t type = H5Dget_type(d), space = H5Dget_space(d), plist = H5Dget_create_plist(d);
      if (space >= 0) {
        hsize_t dims[H5S_MAX_RANK];
        H5Sget_simple_extent_dims(space, dims, nullptr);
        H5Sclose(space);
      }
      if (plist >= 0) {
        H5Pget_nfilters(plist);
        H5Pclose(plist);
      }
      if (type >= 0) H5Tclose(type);
      H5Dclose(d);
    }
  }
  H5Aiterate_by_name(file, name, H5_INDEX_NAME, H5_ITER_NATIVE, nullptr, read_attribute, nullptr,
                     H5P_DEFAULT);
  return 0;
}

void read_metadata(const std::string& path) {
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (file < 0) return;
  H5Ovisit2(file, H5_INDEX_NAME, H5_ITER_NATIVE, read_object, nullptr, H5O_INFO_BASIC);
  H5Fclose(file);
}

}  // namespace

bool hdf5_probe_child() { return in_child; }

int hdf5_probe_seconds() {
  const char* env = std::getenv("FACTORBENCH_HDF5_PROBE_SECONDS");
  const int seconds = env != nullptr ? std::atoi(env) : 0;
  return seconds > 0 ? seconds : 15;
}

void probe_hdf5_isolated(const std::string& path, const std::function<void()>& sniffs,
                         int seconds) {
  const pid_t pid = fork();
  if (pid < 0) throw DataError(path + ": cannot start the process that checks the HDF5 file");
  if (pid == 0) {
    in_child = true;
    // A crash inside libhdf5 ends the child quietly; the parent reports it (no sanitizer or core
    // dump of a library fault on a corrupt file).
    for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT}) signal(sig, SIG_DFL);
    try {
      sniffs();
      read_metadata(path);
    } catch (...) {  // errors are the readers' to report, in the parent
    }
    _exit(0);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  int status = 0;
  for (;;) {
    const pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (done < 0) throw DataError(path + ": lost the process that checks the HDF5 file");
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      throw DataError(path + ": the HDF5 library did not finish reading its metadata in " +
                      std::to_string(seconds) + " s (corrupt file)");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  if (WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status) != 0))
    throw DataError(path + ": the HDF5 library crashed reading its metadata (corrupt file)");
}

}  // namespace fb::data
