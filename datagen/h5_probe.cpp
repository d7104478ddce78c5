#include "datagen/h5_probe.h"

#include <hdf5.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/hdf5.h"
#include "core/threads.h"

namespace fb::data {

namespace {

bool in_child = false;
struct Attribute {
  std::string object, name;
  H5T_class_t kind;
};

herr_t list_attribute(hid_t loc, const char* name, const H5A_info_t*, void* data) {
  auto* out = static_cast<std::pair<std::string, std::vector<Attribute>*>*>(data);
  const hid_t a = H5Aopen(loc, name, H5P_DEFAULT);
  if (a < 0) return 0;
  const hid_t type = H5Aget_type(a);
  out->second->push_back({out->first, name, type >= 0 ? H5Tget_class(type) : H5T_NO_CLASS});
  if (type >= 0) H5Tclose(type);
  H5Aclose(a);
  return 0;
}

herr_t visit_object(hid_t file, const char* name, const H5O_info_t* info, void* data) {
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
  std::pair<std::string, std::vector<Attribute>*> where{name,
                                                        static_cast<std::vector<Attribute>*>(data)};
  H5Aiterate_by_name(file, name, H5_INDEX_NAME, H5_ITER_NATIVE, nullptr, list_attribute, &where,
                     H5P_DEFAULT);
  return 0;
}

// Every object, dataset and attribute; attributes are read through h5::File, the calls the readers
// make, so that the child meets what the parent would.
void read_metadata(const std::string& path) {
  std::vector<Attribute> attributes;
  {
    const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    if (file < 0) return;
    H5Ovisit2(file, H5_INDEX_NAME, H5_ITER_NATIVE, visit_object, &attributes, H5O_INFO_BASIC);
    H5Fclose(file);
  }
  const h5::File file = h5::File::open(path);
  for (const auto& a : attributes) {
    const std::string object = a.object == "." ? "/" : "/" + a.object;
    try {
      if (a.kind == H5T_STRING) file.read_attr_strings(object, a.name);
      if (a.kind == H5T_INTEGER) file.read_attr_ints(object, a.name);
      if (a.kind == H5T_FLOAT) file.read_attr_doubles(object, a.name);
    } catch (const Error&) {  // the reader reports it
    }
  }
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
    single_thread_after_fork();
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
