// The MPI3D archives (mpi3d_toy/realistic/real.npz), written here in numpy's layout. The reader takes
// its grid from the declared table by image count, so a tiny grid appended to it stands in for the
// 1,036,800-image release.
#include "datagen/mpi3d_npz.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "core/error.h"
#include "datagen/converted.h"
#include "datagen/file_reader.h"
#include "tests/support/dataset_images.h"
#include "tests/support/npz_files.h"
#include "tests/support/temp_dir.h"

namespace fb::data {
namespace {

// A 2·1·2·1·1·3·2 = 24-image grid; image i holds i in every byte.
class Mpi3dNpz : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto& grids = mpi3d_grids();
    if (grids.back().sizes != kTiny) grids.push_back({"test grid", kTiny});
  }
  static std::string images(int n) {
    std::string bytes(static_cast<std::size_t>(n) * 64 * 64 * 3, '\0');
    for (int i = 0; i < n; ++i)
      std::fill(bytes.begin() + i * 12288, bytes.begin() + (i + 1) * 12288, static_cast<char>(i));
    return bytes;
  }
  static inline const std::vector<std::int64_t> kTiny{2, 1, 2, 1, 1, 3, 2};
  test::TempDir dir;
};

TEST_F(Mpi3dNpz, OpensStoredAndDeflatedArchivesByTheIndexFormula) {
  for (bool deflate : {false, true}) {
    SCOPED_TRACE(deflate);
    const std::string path = dir.file(deflate ? "mpi3d_toy.npz" : "mpi3d_real.npz");
    test::write_npz(path,
                    {{"images", test::npy_bytes("|u1", {24, 64, 64, 3}, images(24)), deflate}});
    auto d = open_file(path);
    auto* m = dynamic_cast<Mpi3dNpzDataset*>(d.get());
    ASSERT_NE(m, nullptr);
    EXPECT_EQ(d->name(), "mpi3d");
    EXPECT_EQ(d->factor_sizes(), kTiny);
    EXPECT_EQ(d->factors()[0].name, "object_color");
    EXPECT_EQ(d->factors()[6].name, "vertical_axis");
    EXPECT_FLOAT_EQ(d->pixel_scale(), 1.0f / 255.0f);
    ASSERT_EQ(d->size(), 24);
    Rng rng(1);
    std::vector<std::uint8_t> out(12288);
    for (std::int64_t i = 0; i < 24; ++i) {
      const std::int64_t* c = d->classes() + i * 7;
      EXPECT_EQ(m->flat_index(c), i);  // factor <-> index round trip
      d->render(c, 1, rng, out.data());
      EXPECT_EQ(out.front(), i);
      EXPECT_EQ(out.back(), i);
      EXPECT_EQ(test::image_of(*d, i)[5000], i);
    }
    // classes (1,0,1,0,0,2,1): index ((1·1+0)·2+1)·3·2 + 2·2 + 1 = 23
    const std::int64_t last[7] = {1, 0, 1, 0, 0, 2, 1};
    EXPECT_EQ(m->flat_index(last), 23);
  }
}

TEST_F(Mpi3dNpz, AnImageCountOffEveryGridIsAWrongElementCount) {
  const std::string path = dir.file("mpi3d_real.npz");
  test::write_npz(path, {{"images", test::npy_bytes("|u1", {25, 64, 64, 3}, images(25))}});
  try {
    open_file(path);
    FAIL() << "no error";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("wrong element count"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("1036800"), std::string::npos) << e.what();
  }
}

TEST_F(Mpi3dNpz, ConvertThenOpenGivesTheSameImagesAndFactors) {
  const std::string path = dir.file("mpi3d_real.npz");
  test::write_npz(path, {{"images", test::npy_bytes("|u1", {24, 64, 64, 3}, images(24))}});
  convert_file(path, dir.file("m.h5"), false);
  auto src = open_file(path), conv = open_file(dir.file("m.h5"));
  EXPECT_EQ(conv->name(), "mpi3d");
  EXPECT_EQ(conv->factor_sizes(), src->factor_sizes());
  ASSERT_EQ(conv->size(), 24);
  EXPECT_TRUE(std::equal(src->classes(), src->classes() + 24 * 7, conv->classes()));
  for (std::int64_t i = 0; i < 24; ++i)
    EXPECT_EQ(0,
              std::memcmp(test::image_of(*src, i).data(), test::image_of(*conv, i).data(), 12288))
        << i;
}

TEST_F(Mpi3dNpz, NamesOpenTheReleaseUnderFactorbenchData) {
  std::filesystem::create_directories(dir.file("mpi3d_toy"));
  test::write_npz(dir.file("mpi3d_toy/mpi3d_toy.npz"),
                  {{"images", test::npy_bytes("|u1", {24, 64, 64, 3}, images(24))}});
  ::setenv("FACTORBENCH_DATA", dir.path().c_str(), 1);
  testing::internal::CaptureStderr();
  auto d = open_dataset("mpi3d");
  const std::string err = testing::internal::GetCapturedStderr();
  EXPECT_NE(dynamic_cast<Mpi3dNpzDataset*>(d.get()), nullptr);
  EXPECT_NE(err.find("the release " + dir.file("mpi3d_toy/mpi3d_toy.npz")), std::string::npos)
      << err;
  try {
    open_dataset("mpi3d_real");
    ADD_FAILURE() << "no error";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("mpi3d_real.npz"), std::string::npos) << e.what();
  }
  ::unsetenv("FACTORBENCH_DATA");
}

}  // namespace
}  // namespace fb::data
