// HDF5 files that crash or hang libhdf5 1.10, or that declare pictures no reader can hold, are one
// DataError (docs/reliability.md). The inputs are the ones tests/fuzz/fuzz_hdf5 found: those the
// readers refuse are in its corpus (tests/fuzz/corpus/hdf5/regression-*), those that crash or hang
// the library only here (tests/fuzz/regressions/hdf5/), as a fuzz run must not depend on the probe.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "core/error.h"
#include "datagen/file_reader.h"
#include "datagen/h5_probe.h"

namespace fb::data {
namespace {

std::string corpus(const std::string& name) {
  return std::string(FB_FUZZ_CORPUS) + "/hdf5/" + name;
}
std::string library_case(const std::string& name) {
  return std::string(FB_FUZZ_CORPUS) + "/../regressions/hdf5/" + name;
}

void expect_data_error(const std::string& path, const std::string& words) {
  try {
    open_file(path);
    ADD_FAILURE() << "no error for " << path;
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
  }
}

TEST(HostileHdf5, LibraryCrashesAreOneDataError) {
  // A null memcpy in H5F__accum_read under H5Lexists (the sniffs' first call).
  expect_data_error(library_case("libhdf5-segv-accum-read.h5"), "HDF5 library crashed");
}

TEST(HostileHdf5, LibraryHangIsOneDataError) {
  // H5HG's decoder loops forever on this global heap collection (a variable-length string
  // attribute of a converted file); the probe gives up after its time limit (1 s here).
  setenv("FACTORBENCH_HDF5_PROBE_SECONDS", "1", 1);
  expect_data_error(library_case("libhdf5-hang-global-heap.h5"), "did not finish");
  unsetenv("FACTORBENCH_HDF5_PROBE_SECONDS");
}

TEST(HostileHdf5, ConvertedZeroHeightPicturesAreRefused) {
  expect_data_error(corpus("regression-zero-height.h5"), "pictures of 0x4x1");
}

TEST(HostileHdf5, ConvertedFactorCountIsCheckedBeforeItSizesAnything) {
  // /factors/sizes declared (40,681,930,227,713,): reading it whole asked for 325 TB.
  expect_data_error(corpus("regression-huge-factor-count.h5"), "factors (expected 1..64)");
}

}  // namespace
}  // namespace fb::data
