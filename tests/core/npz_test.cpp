// numpy archives written by numpy's layout rules (tests/support/npz_files.h) and, where python3-numpy
// is installed, by numpy itself: headers of both versions, stored and deflated members, ranged reads,
// and the bad files (wrong magic, wrong element count, truncated archive).
#include "core/npz.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <numeric>

#include "core/error.h"
#include "tests/support/npz_files.h"
#include "tests/support/temp_dir.h"

namespace fb::npy {
namespace {

std::vector<std::uint8_t> ramp(std::size_t n) {
  std::vector<std::uint8_t> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<std::uint8_t>((i * 7 + 3) & 0xff);
  return v;
}

TEST(NpyHeader, ParsesVersions1And2) {
  for (int version : {1, 2}) {
    SCOPED_TRACE(version);
    const std::string b = test::npy_bytes("<i8", {3, 5}, std::string(120, '\0'), version);
    const Header h = parse_header(reinterpret_cast<const std::uint8_t*>(b.data()), b.size(), "x");
    EXPECT_EQ(h.descr, "<i8");
    EXPECT_FALSE(h.fortran_order);
    EXPECT_EQ(h.shape, (std::vector<std::int64_t>{3, 5}));
    EXPECT_EQ(h.item_size(), 8);
    EXPECT_EQ(h.count(), 15);
    EXPECT_EQ(h.header_bytes % 64, 0u);
    EXPECT_EQ(h.header_bytes + 120, b.size());
  }
  const std::string one = test::npy_bytes("|u1", {4}, "abcd");
  EXPECT_EQ(parse_header(reinterpret_cast<const std::uint8_t*>(one.data()), one.size(), "x").shape,
            (std::vector<std::int64_t>{4}));
}

TEST(NpyHeader, RejectsBadMagicTruncationAndForeignTypes) {
  std::string b = test::npy_bytes("|u1", {4}, "abcd");
  auto parse = [](const std::string& s) {
    return parse_header(reinterpret_cast<const std::uint8_t*>(s.data()), s.size(), "f.npy");
  };
  std::string bad = b;
  bad[1] = 'X';
  EXPECT_THROW(parse(bad), DataError);
  EXPECT_THROW(parse(b.substr(0, 30)), DataError);  // header cut short
  EXPECT_THROW(parse(test::npy_bytes("<c16", {1}, std::string(16, '\0'))), DataError);
  EXPECT_THROW(parse(test::npy_bytes(">i8", {1}, std::string(8, '\0'))), DataError);
  try {
    parse(bad);
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("bad magic"), std::string::npos) << e.what();
  }
}

TEST(Npz, ReadsStoredAndDeflatedMembers) {
  test::TempDir dir;
  const auto pixels = ramp(6 * 4 * 4 * 3);
  std::vector<std::int64_t> labels(6 * 2);
  std::iota(labels.begin(), labels.end(), -3);
  std::vector<double> values{0.5, -1.25, 3.0};
  const std::string path = dir.file("a.npz");
  test::write_npz(path,
                  {{"images", test::npy_bytes("|u1", {6, 4, 4, 3}, test::raw_bytes(pixels))},
                   {"labels", test::npy_bytes("<i8", {6, 2}, test::raw_bytes(labels), 2), true},
                   {"values", test::npy_bytes("<f8", {3}, test::raw_bytes(values)), true}});
  const Npz npz(path);
  EXPECT_EQ(npz.arrays(), (std::vector<std::string>{"images", "labels", "values"}));
  EXPECT_TRUE(npz.seekable("images"));
  EXPECT_FALSE(npz.seekable("labels"));
  EXPECT_EQ(npz.read_all<std::uint8_t>("images", {-1, 4, 4, 3}), pixels);
  EXPECT_EQ(npz.read_all<std::int64_t>("labels", {6, 2}), labels);
  EXPECT_EQ(npz.read_all<double>("values", {3}), values);
  EXPECT_THROW(npz.read_all<std::uint8_t>("images", {-1, 4, 4, 1}), DataError);
  EXPECT_THROW(npz.read_all<std::int64_t>("values", {3}), DataError);  // floats as integers
  // A byte range of the stored member: image 4 alone.
  std::vector<std::uint8_t> one(48);
  npz.read_at("images", 4 * 48, 48, one.data());
  EXPECT_TRUE(std::equal(one.begin(), one.end(), pixels.begin() + 4 * 48));
  // The same from the deflated member (decompressed up to the range).
  std::vector<std::int64_t> row(2);
  npz.read_at("labels", 3 * 16, 16, row.data());
  EXPECT_EQ(row, (std::vector<std::int64_t>{labels[6], labels[7]}));
  EXPECT_THROW(npz.read_at("images", 6 * 48 - 1, 2, one.data()), DataError);
}

TEST(Npz, WrongElementCountIsReported) {
  test::TempDir dir;
  const std::string path = dir.file("short.npz");
  // The header declares 10 elements, the member holds 9.
  test::write_npz(path, {{"images", test::npy_bytes("|u1", {10}, std::string(9, 'a'))}});
  const Npz npz(path);
  try {
    npz.header("images");
    FAIL() << "no error";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("wrong element count"), std::string::npos) << e.what();
  }
}

TEST(Npz, TruncatedOrForeignArchiveFailsToOpen) {
  test::TempDir dir;
  const std::string path = dir.file("cut.npz");
  test::write_npz(path, {{"images", test::npy_bytes("|u1", {4000}, std::string(4000, 'x'))}});
  std::filesystem::resize_file(path, std::filesystem::file_size(path) / 2);
  EXPECT_THROW(Npz{path}, DataError);
  const std::string text = dir.file("text.npz");
  { std::ofstream(text) << "PK\x03\x04 but not a zip at all"; }
  EXPECT_THROW(Npz{text}, DataError);
}

// Files written by numpy itself (np.savez stores, np.savez_compressed deflates), when it is here.
TEST(Npz, ReadsArchivesNumpyWrote) {
  const std::string python = test::numpy_python();
  if (python.empty()) GTEST_SKIP() << "python3-numpy is not installed";
  test::TempDir dir;
  const std::string cmd =
      "cd '" + dir.path() + "' && " + python +
      " -c \"import numpy as np; a=(np.arange(2*3*4,dtype=np.int64)*37%251)"
      ".astype(np.uint8).reshape(2,3,4); c=np.arange(-4,4,dtype=np.int64).reshape(4,2); "
      "np.savez('s.npz', imgs=a, classes=c, meta=np.array({'x':1})); "
      "np.savez_compressed('d.npz', imgs=a, classes=c.astype(np.int32))\"";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  std::vector<std::uint8_t> imgs(24);
  for (int i = 0; i < 24; ++i) imgs[i] = static_cast<std::uint8_t>(i * 37 % 251);
  for (const char* name : {"s.npz", "d.npz"}) {
    SCOPED_TRACE(name);
    const Npz npz(dir.file(name));
    EXPECT_EQ(npz.read_all<std::uint8_t>("imgs", {2, 3, 4}), imgs);
    EXPECT_EQ(npz.read_all<std::int64_t>("classes", {4, 2}),
              (std::vector<std::int64_t>{-4, -3, -2, -1, 0, 1, 2, 3}));
    EXPECT_EQ(npz.seekable("imgs"), std::string(name) == "s.npz");
  }
}

}  // namespace
}  // namespace fb::npy
