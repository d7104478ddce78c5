// factorbench info on released files written here in their formats, and the bad-file contract:
// one line on stderr, exit code 3, nothing written.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/json.h"
#include "core/sha256.h"
#include "tests/cli/cli_support.h"
#include "tests/support/npz_files.h"
#include "tests/support/temp_dir.h"

namespace fb {
namespace {

// A dSprites archive of 8 images in numpy's layout (classes of flat indices 0, 1, ..., 7).
std::string tiny_dsprites(const test::TempDir& dir, int n = 8, int declared = 8) {
  std::vector<std::int64_t> classes(static_cast<std::size_t>(n) * 6, 0);
  for (int i = 0; i < n; ++i) classes[i * 6 + 5] = i;
  const std::string path = dir.file("dsprites_ndarray_co1sh3sc6or40x32y32_64x64.npz");
  test::write_npz(path,
                  {{"imgs", test::npy_bytes("|u1", {declared, 64, 64},
                                            std::string(static_cast<std::size_t>(n) * 4096, '\1'))},
                   {"latents_classes", test::npy_bytes("<i8", {n, 6}, test::raw_bytes(classes))}});
  return path;
}

TEST(InfoCommand, DescribesAReleaseAndCachesItsChecksum) {
  test::TempDir dir;
  const std::string path = tiny_dsprites(dir);
  auto r = test::run({"info", path, "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  Json j = Json::parse(r.out);
  EXPECT_EQ(j["format"], "dsprites_npz");
  EXPECT_EQ(j["dataset"], "dsprites");
  EXPECT_EQ(j["count"], 8);
  EXPECT_EQ(j["image"], Json::array({64, 64, 1}));
  EXPECT_EQ(j["factors"][3]["name"], "orientation");
  EXPECT_EQ(j["factors"][3]["size"], 40);
  EXPECT_EQ(j["checksum"], "not computed");
  EXPECT_FALSE(std::filesystem::exists(path + ".sha256"));

  r = test::run({"info", path, "--json", "--checksum"});
  ASSERT_EQ(r.code, 0) << r.err;
  j = Json::parse(r.out);
  EXPECT_EQ(j["checksum"], "computed now");
  EXPECT_EQ(j["sha256"], sha256_hex(test::slurp(path)));
  r = test::run({"info", path});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("(cached)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("color 1, shape 3, scale 6"), std::string::npos) << r.out;
}

TEST(InfoCommand, BadFilesAreOneLineAndExitThreeWithNothingWritten) {
  test::TempDir dir;
  const std::string good = tiny_dsprites(dir);
  std::filesystem::copy_file(good, dir.file("cut.npz"));
  std::filesystem::resize_file(dir.file("cut.npz"), std::filesystem::file_size(good) / 2);
  test::TempDir other;
  std::filesystem::copy_file(tiny_dsprites(other, 8, 9), dir.file("count.npz"));  // 9 declared
  std::filesystem::create_directories(dir.file("norb"));
  {
    std::ofstream(dir.file("norb/smallnorb-5x46789x9x18x6x2x96x96-training-dat.mat"),
                  std::ios::binary)
        << std::string("\x11\x4c\x3d\x1e\x04\0\0\0", 8) << std::string(16, '\0');
  }
  for (const std::string name : {"cut.npz", "count.npz", "norb"}) {
    SCOPED_TRACE(name);
    const auto r = test::run({"info", dir.file(name), "--checksum"});
    EXPECT_EQ(r.code, 3);
    EXPECT_EQ(test::lines(r.err), 1) << r.err;
    EXPECT_NE(r.err.find(dir.file(name)), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty());
    EXPECT_FALSE(std::filesystem::exists(dir.file(name) + ".sha256"));
  }
}

}  // namespace
}  // namespace fb
