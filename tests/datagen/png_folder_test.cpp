// Falcor3D / Isaac3D release folders: PNGs named by the zero-padded flat index, written here (16x16,
// one colour per index, so resized pixels equal the written ones) for a tiny grid appended to the
// declared table; the missing-index and unreadable-PNG cases.
#include "datagen/png_folder.h"

#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/error.h"
#include "core/image_io.h"
#include "core/json.h"
#include "datagen/converted.h"
#include "datagen/file_reader.h"
#include "tests/support/dataset_images.h"
#include "tests/support/temp_dir.h"

namespace fb::data {
namespace {

std::uint8_t shade(std::int64_t index, int c) {
  return static_cast<std::uint8_t>(index * 30 + c * 7);
}

struct PngFolder {
  test::TempDir dir;
  PngFolder() {
    auto& grids = png_grids();
    if (grids.back().dataset != "png_test")
      grids.push_back({"png_test", {{"a", {0.0, 1.0}}, {"b", {0.0, 0.5, 1.0}}}});
    std::filesystem::create_directories(dir.file("images"));
    for (int i = 0; i < 6; ++i) {
      Image img{16, 16, 3, std::vector<std::uint8_t>(16 * 16 * 3)};
      for (std::size_t p = 0; p < img.pixels.size(); ++p)
        img.pixels[p] = shade(i, static_cast<int>(p % 3));
      char name[32];
      std::snprintf(name, sizeof name, "images/%06d.png", i);
      write_png(dir.file(name), img);
    }
  }
};

TEST(PngFolder, OpensByContentWithTheIndexFormula) {
  PngFolder f;
  auto d = open_file(f.dir.path());
  auto* png = dynamic_cast<PngFolderDataset*>(d.get());
  ASSERT_NE(png, nullptr);
  EXPECT_EQ(d->name(), "png_test");
  EXPECT_EQ(d->factor_sizes(), (std::vector<std::int64_t>{2, 3}));
  ASSERT_EQ(d->size(), 6);
  EXPECT_EQ(d->height(), 64);
  Rng rng(0);
  std::vector<std::uint8_t> out(64 * 64 * 3);
  for (std::int64_t i = 0; i < 6; ++i) {
    const std::int64_t* c = d->classes() + i * 2;
    EXPECT_EQ(c[0] * 3 + c[1], i);  // C order, last fastest
    EXPECT_EQ(png->flat_index(c), i);
    for (int ch = 0; ch < 3; ++ch) EXPECT_EQ(test::image_of(*d, i)[ch], shade(i, ch));
    d->render(c, 1, rng, out.data());
    EXPECT_EQ(0, std::memcmp(out.data(), test::image_of(*d, i).data(), out.size()));
  }
}

// Block (by, bx) of 4x4 pixels of picture i: area averaging a 256x256 picture that is constant on
// 4x4 blocks to 64 (one block per pixel) or 128 (2x2 pixels per block) gives these values exactly.
std::uint8_t block_shade(std::int64_t i, int by, int bx, int c) {
  return static_cast<std::uint8_t>((i * 30 + by * 3 + bx * 5 + c * 7) & 0xff);
}

TEST(PngFolder, ResizesOnLoadTo64Or128) {
  PngFolder f;
  for (int i = 0; i < 6; ++i) {
    Image img{256, 256, 3, std::vector<std::uint8_t>(256 * 256 * 3)};
    for (int y = 0; y < 256; ++y)
      for (int x = 0; x < 256; ++x)
        for (int c = 0; c < 3; ++c)
          img.pixels[(y * 256 + x) * 3 + c] = block_shade(i, y / 4, x / 4, c);
    char name[32];
    std::snprintf(name, sizeof name, "images/%06d.png", i);
    write_png(f.dir.file(name), img);
  }
  for (int side : {64, 128}) {
    SCOPED_TRACE(side);
    FileOpenOptions options;
    options.resolution = side;
    auto d = open_file(f.dir.path(), options);
    ASSERT_EQ(d->height(), side);
    ASSERT_EQ(d->width(), side);
    const int per_block = side / 64;
    for (std::int64_t i = 0; i < 6; ++i) {
      const auto img = test::image_of(*d, i);
      for (int y = 0; y < side; ++y)
        for (int x = 0; x < side; ++x)
          for (int c = 0; c < 3; ++c)
            ASSERT_EQ(img[(y * side + x) * 3 + c], block_shade(i, y / per_block, x / per_block, c))
                << i << " " << y << " " << x;
    }
  }
  EXPECT_EQ(open_file(f.dir.path())->height(), 64);  // the default
  // By path with dataset options, and through convert: the converted file holds 128x128 images.
  auto d128 = open_dataset(f.dir.path(), Json{{"resolution", 128}});
  EXPECT_EQ(d128->height(), 128);
  EXPECT_THROW(open_dataset(f.dir.path(), Json{{"resolution", 96}}), ConfigError);
  EXPECT_THROW(open_dataset(f.dir.path(), Json{{"count", 4}}), ConfigError);  // stand-in only
  FileOpenOptions at128;
  at128.resolution = 128;
  convert_file(f.dir.path(), f.dir.file("c.h5"), false, at128);
  auto conv = open_file(f.dir.file("c.h5"));
  ASSERT_EQ(conv->height(), 128);
  EXPECT_EQ(test::images_of(*conv), test::images_of(*d128));
  EXPECT_EQ(open_file(f.dir.file("c.h5"), at128)->height(), 128);  // already that size
  FileOpenOptions at64;
  at64.resolution = 64;
  EXPECT_THROW(open_file(f.dir.file("c.h5"), at64), ConfigError);  // HDF5 files are not resized
}

TEST(PngFolder, MissingIndicesAndUnreadablePngsAreOneDataError) {
  {
    PngFolder f;
    std::filesystem::remove(f.dir.file("images/000002.png"));
    std::filesystem::remove(f.dir.file("images/000004.png"));
    try {
      open_file(f.dir.path());
      ADD_FAILURE() << "no error";
    } catch (const DataError& e) {
      EXPECT_NE(std::string(e.what()).find("2 are missing (first: 2, 4)"), std::string::npos)
          << e.what();
    }
  }
  {
    PngFolder f;
    std::ofstream(f.dir.file("images/000003.png"), std::ios::binary) << "not a picture";
    try {
      open_file(f.dir.path());
      ADD_FAILURE() << "no error";
    } catch (const DataError& e) {
      EXPECT_NE(std::string(e.what()).find("000003.png"), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace fb::data
