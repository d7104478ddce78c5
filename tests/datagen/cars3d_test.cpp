// Cars3D from 183 MAT v5 files written here through matio's own writer (`im` uint8 (4, 4, 3, 24, 4):
// the format allows any picture size; the reader resizes to 64x64 as disentanglement_lib does). Each
// picture is one colour that encodes (elevation, azimuth, object, channel), so resized pixels equal
// the written ones.
#include "datagen/cars3d.h"

#include <gtest/gtest.h>
#include <matio.h>

#include <filesystem>
#include <string>
#include <vector>

#include "core/error.h"
#include "datagen/file_reader.h"
#include "tests/support/dataset_images.h"
#include "tests/support/temp_dir.h"

namespace fb::data {
namespace {

std::uint8_t colour(std::int64_t e, std::int64_t a, std::int64_t object, int c) {
  return static_cast<std::uint8_t>((object + 7 * a + 50 * e + 80 * c) % 256);
}

void write_mat(const std::string& path, const char* var, std::int64_t object) {
  std::size_t dims[5] = {4, 4, 3, 24, 4};
  std::vector<std::uint8_t> im(4 * 4 * 3 * 24 * 4);
  for (std::size_t i = 0; i < im.size(); ++i) {
    // Column-major: i = y + 4·(x + 4·(c + 3·(a + 24·e))).
    const std::size_t rest = i / 16;
    const int c = static_cast<int>(rest % 3);
    const std::int64_t a = static_cast<std::int64_t>(rest / 3 % 24),
                       e = static_cast<std::int64_t>(rest / 72);
    im[i] = colour(e, a, object, c);
  }
  mat_t* mat = Mat_CreateVer(path.c_str(), nullptr, MAT_FT_MAT5);
  ASSERT_NE(mat, nullptr);
  matvar_t* v = Mat_VarCreate(var, MAT_C_UINT8, MAT_T_UINT8, 5, dims, im.data(), 0);
  ASSERT_EQ(Mat_VarWrite(mat, v, MAT_COMPRESSION_NONE), 0);
  Mat_VarFree(v);
  Mat_Close(mat);
}

struct CarsFolder {
  test::TempDir dir;
  explicit CarsFolder(int count = 183) {
    for (int i = 0; i < count; ++i) {
      char name[40];
      std::snprintf(name, sizeof name, "car_%03d_mesh.mat", i);
      write_mat(dir.file(name), "im", i);
    }
  }
};

TEST(Cars3d, OpensTheFolderWithDisentanglementLibsFactorsAndIndex) {
  CarsFolder cars;
  auto d = open_file(cars.dir.path());
  EXPECT_EQ(d->name(), "cars3d");
  EXPECT_EQ(d->factor_sizes(), (std::vector<std::int64_t>{4, 24, 183}));
  ASSERT_EQ(d->size(), 4 * 24 * 183);
  Rng rng(0);
  std::vector<std::uint8_t> out(64 * 64 * 3);
  for (std::int64_t i = 0; i < d->size(); i += 37) {
    const std::int64_t* c = d->classes() + i * 3;
    ASSERT_EQ(Cars3dDataset::flat_index(c), i);  // factor <-> index round trip
    for (int ch = 0; ch < 3; ++ch) {
      ASSERT_EQ(test::image_of(*d, i)[ch], colour(c[0], c[1], c[2], ch)) << i;
      ASSERT_EQ(test::image_of(*d, i)[64 * 64 * 3 - 3 + ch], colour(c[0], c[1], c[2], ch)) << i;
    }
    d->render(c, 1, rng, out.data());
    ASSERT_EQ(0, std::memcmp(out.data(), test::image_of(*d, i).data(), out.size()));
  }
}

TEST(Cars3d, BadFoldersAreOneDataError) {
  auto expect_error = [](const std::string& dir, const std::string& words) {
    try {
      Cars3dDataset::open(dir);
      ADD_FAILURE() << "no error for " << words;
    } catch (const DataError& e) {
      EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
    }
  };
  {
    CarsFolder cars(182);
    expect_error(cars.dir.path(), "wrong element count");
  }
  {
    CarsFolder cars;
    write_mat(cars.dir.file("car_005_mesh.mat"), "pictures", 5);
    expect_error(cars.dir.path(), "car_005_mesh.mat: no variable `im`");
  }
  {
    CarsFolder cars;
    std::filesystem::resize_file(cars.dir.file("car_009_mesh.mat"), 200);
    expect_error(cars.dir.path(), "car_009_mesh.mat");
  }
}

}  // namespace
}  // namespace fb::data
