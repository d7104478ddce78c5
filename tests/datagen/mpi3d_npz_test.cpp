// The MPI3D archives (mpi3d_toy/realistic/real.npz), written here in numpy's layout. The reader takes
// its grid from the declared table by image count, so a tiny grid appended to it stands in for the
// 1,036,800-image release.
#include "datagen/mpi3d_npz.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

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

// Image i byte j holds (7i + j) mod 251: a read from the wrong offset, whole images or not, shows.
std::string patterned(int n) {
  std::string bytes(static_cast<std::size_t>(n) * 12288, '\0');
  for (std::size_t b = 0; b < bytes.size(); ++b)
    bytes[b] = static_cast<char>((7 * (b / 12288) + b % 12288) % 251);
  return bytes;
}

TEST_F(Mpi3dNpz, AStoredArchiveIsStreamedFromTheFileNotHeld) {
  const std::string path = dir.file("mpi3d_real.npz");
  const std::string pixels = patterned(24);
  test::write_npz(path, {{"images", test::npy_bytes("|u1", {24, 64, 64, 3}, pixels)}});
  auto m = Mpi3dNpzDataset::open(path);
  EXPECT_TRUE(m->streamed());
  EXPECT_EQ(m->held_images(), nullptr);  // nothing but the classes is in memory
  // Scattered, repeated and consecutive indices (runs are one read each) come back in order.
  const std::vector<std::int64_t> rows{23, 0, 7, 7, 12, 13, 14, 5, 23};
  std::vector<std::uint8_t> out(rows.size() * 12288);
  m->gather(rows, out.data());
  for (std::size_t r = 0; r < rows.size(); ++r)
    EXPECT_EQ(0, std::memcmp(out.data() + r * 12288, pixels.data() + rows[r] * 12288, 12288)) << r;
  // The oracle reads the same bytes through the index formula.
  Rng rng(1);
  m->render(m->classes() + 13 * 7, 1, rng, out.data());
  EXPECT_EQ(0, std::memcmp(out.data(), pixels.data() + 13 * 12288, 12288));
  EXPECT_THROW(m->gather({24}, out.data()), DataError);
  EXPECT_THROW(m->gather({-1}, out.data()), DataError);
  // Bytes changed in the file after opening are what the next gather returns: it reads the file.
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    const std::string all((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    const auto at = all.find(pixels.substr(5 * 12288, 12288));
    ASSERT_NE(at, std::string::npos);
    f.seekp(static_cast<std::streamoff>(at));
    f.write(std::string(12288, '\x2a').data(), 12288);
  }
  m->gather({5}, out.data());
  EXPECT_TRUE(
      std::all_of(out.begin(), out.begin() + 12288, [](std::uint8_t v) { return v == 42; }));
}

TEST_F(Mpi3dNpz, ADeflatedArchiveIsHeldUpToTheLimitAndRefusedAbove) {
  const std::string path = dir.file("mpi3d_toy.npz");
  const std::string pixels = patterned(24);
  test::write_npz(path, {{"images", test::npy_bytes("|u1", {24, 64, 64, 3}, pixels), true}});
  auto held = Mpi3dNpzDataset::open(path);
  EXPECT_FALSE(held->streamed());
  ASSERT_NE(held->held_images(), nullptr);
  EXPECT_EQ(0, std::memcmp(held->held_images(), pixels.data(), pixels.size()));
  try {
    Mpi3dNpzDataset::open(path, 24 * 12288 - 1);
    FAIL() << "no error";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("deflated member of 294912 bytes cannot be streamed"),
              std::string::npos)
        << e.what();
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
