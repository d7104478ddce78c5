// HDF5 files that crash or hang libhdf5 1.10, or that declare pictures no reader can hold, are one
// DataError (docs/reliability.md). The inputs are the ones tests/fuzz/fuzz_hdf5 found, kept in
// tests/fuzz/corpus/hdf5/regression-*.
#include <gtest/gtest.h>

#include <string>

#include "core/error.h"
#include "datagen/file_reader.h"
#include "datagen/h5_probe.h"

namespace fb::data {
namespace {

std::string corpus(const std::string& name) {
  return std::string(FB_FUZZ_CORPUS) + "/hdf5/" + name;
}

void expect_data_error(const std::string& name, const std::string& words) {
  try {
    open_file(corpus(name));
    ADD_FAILURE() << "no error for " << name;
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
  }
}

TEST(HostileHdf5, LibraryCrashesAreOneDataError) {
  // A null memcpy in H5F__accum_read under H5Lexists (the sniffs' first call).
  expect_data_error("regression-segv-accum-read.h5", "HDF5 library crashed");
  // A global heap object whose size runs past its collection, read by H5Aread.
  expect_data_error("regression-heap-read-overlap.h5", "HDF5 library crashed");
}

TEST(HostileHdf5, LibraryHangIsOneDataError) {
  // H5HG's decoder loops forever on this global heap collection (a variable-length string
  // attribute of a converted file); the probe gives up after its time limit (1 s here).
  try {
    probe_hdf5_isolated(
        corpus("regression-hang-global-heap.h5"), [] {}, 1);
    ADD_FAILURE() << "no error";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("did not finish"), std::string::npos) << e.what();
  }
}

TEST(HostileHdf5, ConvertedZeroHeightPicturesAreRefused) {
  expect_data_error("regression-zero-height.h5", "pictures of 0x4x1");
}

}  // namespace
}  // namespace fb::data
