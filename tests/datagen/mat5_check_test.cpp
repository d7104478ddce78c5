// The MAT v5 structure check that guards matio (datagen/mat5_check.*): every variable kind matio's
// own writer produces passes, and files whose declared sizes exceed their bytes (the inputs
// tests/fuzz/fuzz_mat found, kept in tests/fuzz/corpus/mat/regression-*) are one DataError before
// matio allocates anything.
#include "datagen/mat5_check.h"

#include <gtest/gtest.h>
#include <matio.h>

#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "core/error.h"
#include "datagen/cars3d.h"
#include "tests/support/temp_dir.h"

namespace fb::data {
namespace {

// A Cars3D object file through matio's writer, with one variable of each kind beside `im`.
void write_object(const std::string& path, matio_compression compression) {
  mat_t* mat = Mat_CreateVer(path.c_str(), nullptr, MAT_FT_MAT5);
  ASSERT_NE(mat, nullptr);
  std::size_t dims[5] = {2, 3, 3, 24, 4};
  std::vector<std::uint8_t> im(2 * 3 * 3 * 24 * 4);
  for (std::size_t i = 0; i < im.size(); ++i) im[i] = static_cast<std::uint8_t>(i * 7);
  matvar_t* v = Mat_VarCreate("im", MAT_C_UINT8, MAT_T_UINT8, 5, dims, im.data(), 0);
  ASSERT_EQ(Mat_VarWrite(mat, v, compression), 0);
  Mat_VarFree(v);
  double values[4] = {1, 2, 3, 4};
  std::size_t two[2] = {2, 2}, one[2] = {1, 1};
  matvar_t* mask = Mat_VarCreate("mask", MAT_C_DOUBLE, MAT_T_DOUBLE, 2, two, values, 0);
  ASSERT_EQ(Mat_VarWrite(mat, mask, compression), 0);
  Mat_VarFree(mask);
  const char* fields[2] = {"a", "bb"};
  matvar_t* st = Mat_VarCreateStruct("info", 2, one, fields, 2);
  Mat_VarSetStructFieldByName(
      st, "a", 0,
      Mat_VarCreate(nullptr, MAT_C_DOUBLE, MAT_T_DOUBLE, 2, one, values, MAT_F_DONT_COPY_DATA));
  ASSERT_EQ(Mat_VarWrite(mat, st, compression), 0);
  Mat_VarFree(st);
  Mat_Close(mat);
}

std::string corpus(const std::string& name) { return std::string(FB_FUZZ_CORPUS) + "/" + name; }

void expect_refused(const std::string& path, const std::string& words) {
  try {
    Cars3dDataset::read_object(path);
    ADD_FAILURE() << "no error for " << path;
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
  }
}

TEST(Mat5Check, MatioWrittenFilesOfEveryKindPass) {
  test::TempDir dir;
  for (auto compression : {MAT_COMPRESSION_NONE, MAT_COMPRESSION_ZLIB}) {
    SCOPED_TRACE(compression);
    const std::string path = dir.file("car_000_mesh.mat");
    write_object(path, compression);
    EXPECT_NO_THROW(check_mat5(path));
    EXPECT_EQ(Cars3dDataset::read_object(path).size(), std::size_t{4 * 24 * 64 * 64 * 3});
  }
}

TEST(Mat5Check, FuzzFoundDeclaredSizeBeyondTheFileIsRefused) {
  // fuzz_mat: a miMATRIX element declaring 1,216 bytes in a 365-byte file made matio malloc 3.4 GB.
  expect_refused(corpus("mat/regression-oom-declared-size.mat"),
                 "data element declares 1216 bytes");
}

TEST(Mat5Check, FuzzFoundComplexImIsRefused) {
  // fuzz_mat: the complex flag set on `im` made the reader take matio's {real, imaginary} pointer
  // pair for the pixels (a heap overflow under AddressSanitizer).
  expect_refused(corpus("mat/regression-complex-im.mat"), "`im` is not real uint8");
  test::TempDir dir;
  const std::string path = dir.file("car_000_mesh.mat");
  std::size_t dims[5] = {1, 1, 3, 24, 4};
  std::vector<std::uint8_t> re(3 * 24 * 4, 1), im(3 * 24 * 4, 2);
  mat_complex_split_t parts{re.data(), im.data()};
  mat_t* mat = Mat_CreateVer(path.c_str(), nullptr, MAT_FT_MAT5);
  ASSERT_NE(mat, nullptr);
  matvar_t* v = Mat_VarCreate("im", MAT_C_UINT8, MAT_T_UINT8, 5, dims, &parts, MAT_F_COMPLEX);
  ASSERT_EQ(Mat_VarWrite(mat, v, MAT_COMPRESSION_NONE), 0);
  Mat_VarFree(v);
  Mat_Close(mat);
  expect_refused(path, "`im` is not real uint8");
}

TEST(Mat5Check, DimensionsBeyondTheStoredBytesAreRefused) {
  test::TempDir dir;
  const std::string path = dir.file("car_000_mesh.mat");
  write_object(path, MAT_COMPRESSION_NONE);
  // The uncompressed `im` is the first element: tag (8) + flags (16) + dims tag (8); its first
  // dimension (2) becomes 2^20, so the dims declare far more elements than the 1,728 stored.
  std::fstream f(path, std::ios::binary | std::ios::in | std::ios::out);
  f.seekp(128 + 8 + 16 + 8);
  const std::uint32_t big = 1u << 20;
  f.write(reinterpret_cast<const char*>(&big), 4);
  f.close();
  expect_refused(path, "more elements than are stored");
}

TEST(Mat5Check, NotVersion5IsRefused) {
  test::TempDir dir;
  const std::string path = dir.file("car_000_mesh.mat");
  std::ofstream(path, std::ios::binary) << std::string(200, 'x');
  expect_refused(path, "not a MATLAB v5 file");
}

}  // namespace
}  // namespace fb::data
