// The dSprites numpy archive that disentanglement_lib reads, written here in numpy's layout
// (tests/support/npz_files.h); convert, and the $FACTORBENCH_DATA lookup.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <numeric>
#include <set>

#include "core/error.h"
#include "core/paths.h"
#include "core/sha256.h"
#include "datagen/converted.h"
#include "datagen/dsprites.h"
#include "datagen/dsprites_geometry.h"
#include "datagen/file_info.h"
#include "datagen/file_reader.h"
#include "tests/support/dataset_images.h"
#include "tests/support/npz_files.h"
#include "tests/support/temp_dir.h"

namespace fb::data {
namespace {

namespace ds = dsprites;

// A dSprites archive of `n` rows: classes of flat indices 0, 997, 2·997, ...; image i has pixel i set.
std::vector<std::int64_t> write_dsprites_npz(const std::string& path, int n) {
  std::vector<std::int64_t> classes(static_cast<std::size_t>(n) * 6);
  std::vector<double> values(classes.size(), 0.5);
  std::vector<std::uint8_t> imgs(static_cast<std::size_t>(n) * 4096, 0);
  for (int i = 0; i < n; ++i) {
    ds::classes_of(i * 997, &classes[i * 6]);
    imgs[i * 4096 + i] = 1;
  }
  test::write_npz(
      path, {{"metadata", test::npy_bytes("|O", {}, "pickle"), false},
             {"imgs", test::npy_bytes("|u1", {n, 64, 64}, test::raw_bytes(imgs)), true},
             {"latents_classes", test::npy_bytes("<i8", {n, 6}, test::raw_bytes(classes)), true},
             {"latents_values", test::npy_bytes("<f8", {n, 6}, test::raw_bytes(values)), true}});
  return classes;
}

TEST(DspritesNpz, OpensByContentWithTheReleaseFactors) {
  test::TempDir dir;
  const std::string path = dir.file("dsprites_ndarray_co1sh3sc6or40x32y32_64x64.npz");
  const auto classes = write_dsprites_npz(path, 20);
  auto d = open_file(path);
  EXPECT_EQ(d->name(), "dsprites");
  EXPECT_EQ(d->factor_sizes(), (std::vector<std::int64_t>{1, 3, 6, 40, 32, 32}));
  EXPECT_EQ(d->factors()[3].name, ds::factors()[3].name);
  ASSERT_EQ(d->size(), 20);
  EXPECT_EQ(d->channels(), 1);
  EXPECT_FLOAT_EQ(d->pixel_scale(), 1.0f);
  EXPECT_TRUE(std::equal(classes.begin(), classes.end(), d->classes()));
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(ds::flat_index(d->classes() + i * 6), i * 997);  // factor <-> index round trip
    const auto image = test::image_of(*d, i);
    EXPECT_EQ(std::accumulate(image.begin(), image.end(), 0), 1);
    EXPECT_EQ(test::image_of(*d, i)[i], 1);
  }
}

TEST(DspritesNpz, RejectsClassesOffTheGridAndForeignPixels) {
  test::TempDir dir;
  const std::string path = dir.file("d.npz");
  std::vector<std::int64_t> classes{0, 3, 0, 0, 0, 0};  // shape 3 of 3
  test::write_npz(path,
                  {{"imgs", test::npy_bytes("|u1", {1, 64, 64}, std::string(4096, '\0'))},
                   {"latents_classes", test::npy_bytes("<i8", {1, 6}, test::raw_bytes(classes))}});
  EXPECT_THROW(open_file(path), DataError);
  classes[1] = 2;
  test::write_npz(path,
                  {{"imgs", test::npy_bytes("|u1", {1, 64, 64}, std::string(4096, '\7'))},
                   {"latents_classes", test::npy_bytes("<i8", {1, 6}, test::raw_bytes(classes))}});
  EXPECT_THROW(open_file(path), DataError);
}

TEST(DspritesNpz, ConvertThenOpenGivesTheSameImagesAndFactors) {
  test::TempDir dir;
  const std::string path = dir.file("d.npz");
  write_dsprites_npz(path, 20);
  const auto report = convert_file(path, dir.file("d.h5"), false);
  EXPECT_EQ(report.images, 20);
  EXPECT_EQ(report.format, "dsprites_npz");
  EXPECT_FALSE(std::filesystem::exists(dir.file("d.h5.partial")));
  EXPECT_THROW(convert_file(path, dir.file("d.h5"), false), ConfigError);  // no --force
  auto src = open_file(path), conv = open_file(dir.file("d.h5"));
  EXPECT_EQ(detect_format(dir.file("d.h5")), "converted");
  EXPECT_EQ(conv->name(), "dsprites");
  EXPECT_EQ(conv->factor_sizes(), src->factor_sizes());
  for (int f = 0; f < 6; ++f) {
    EXPECT_EQ(conv->factors()[f].name, src->factors()[f].name);
    EXPECT_EQ(conv->factors()[f].values, src->factors()[f].values);
  }
  EXPECT_FLOAT_EQ(conv->pixel_scale(), src->pixel_scale());
  ASSERT_EQ(conv->size(), 20);
  EXPECT_TRUE(std::equal(src->classes(), src->classes() + 20 * 6, conv->classes()));
  std::vector<std::uint8_t> out(4096);
  Rng rng(0);
  for (std::int64_t i = 0; i < 20; ++i) {
    EXPECT_EQ(0, std::memcmp(test::image_of(*src, i).data(), test::image_of(*conv, i).data(), 4096))
        << i;
    conv->render(conv->classes() + i * 6, 1, rng, out.data());  // the oracle by the index formula
    EXPECT_EQ(0, std::memcmp(test::image_of(*src, i).data(), out.data(), 4096)) << i;
  }
}

TEST(DspritesNpz, ConvertedOracleDrawsAmongRowsSharingTheirClasses) {
  test::TempDir dir;
  const std::string path = dir.file("d.npz");
  std::vector<std::int64_t> classes{0, 1, 2, 3, 4, 5, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5};
  std::string imgs(3 * 4096, '\0');
  imgs[0] = imgs[4096 + 1] = imgs[2 * 4096 + 2] = 1;
  test::write_npz(path,
                  {{"imgs", test::npy_bytes("|u1", {3, 64, 64}, imgs)},
                   {"latents_classes", test::npy_bytes("<i8", {3, 6}, test::raw_bytes(classes))}});
  convert_file(path, dir.file("d.h5"), false);
  auto d = open_file(dir.file("d.h5"));
  EXPECT_EQ(d->name(), "dsprites");
  EXPECT_EQ(d->factors()[1].values, ds::factors()[1].values);
  Rng rng(5);
  std::set<int> seen;
  std::vector<std::uint8_t> out(4096);
  for (int t = 0; t < 40; ++t) {
    d->render(classes.data(), 1, rng, out.data());
    seen.insert(out[0] ? 0 : out[2] ? 2 : -1);
  }
  EXPECT_EQ(seen, (std::set<int>{0, 2}));
  const std::int64_t absent[6] = {0, 2, 0, 0, 0, 0};
  EXPECT_THROW(d->render(absent, 1, rng, out.data()), DataError);
}

// `--dataset NAME` finds the release under $FACTORBENCH_DATA (also in disentanglement_lib's folders)
// and says so on stderr; a release-only name without its file is a DataError naming where it looked.
TEST(DspritesNpz, NamesOpenTheReleaseUnderFactorbenchData) {
  test::TempDir dir;
  std::filesystem::create_directories(dir.file("dsprites"));
  const std::string path = dir.file("dsprites/dsprites_ndarray_co1sh3sc6or40x32y32_64x64.npz");
  write_dsprites_npz(path, 12);
  ::setenv("FACTORBENCH_DATA", dir.path().c_str(), 1);
  testing::internal::CaptureStderr();
  auto d = open_dataset("dsprites");
  const std::string err = testing::internal::GetCapturedStderr();
  EXPECT_EQ(d->size(), 12);
  EXPECT_NE(err.find("the release " + path), std::string::npos) << err;
  try {
    open_dataset("smallnorb");
    ADD_FAILURE() << "no error";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("small_norb"), std::string::npos) << e.what();
  }
  ::unsetenv("FACTORBENCH_DATA");
  EXPECT_THROW(open_dataset("smallnorb"), DataError);
}

// What runs record about their data: the file or release with its reader and SHA-256, or the stand-in.
TEST(DspritesNpz, ProvenanceNamesTheReleaseAndItsChecksum) {
  test::TempDir dir;
  const std::string path = dir.file("dsprites_ndarray_co1sh3sc6or40x32y32_64x64.npz");
  write_dsprites_npz(path, 4);
  const Json by_path = dataset_provenance(path, Json::object());
  EXPECT_EQ(by_path["source"], "file");
  EXPECT_EQ(by_path["format"], "dsprites_npz");
  EXPECT_EQ(by_path["sha256"], sha256_hex(test::slurp(path)));
  EXPECT_TRUE(std::filesystem::exists(path + ".sha256"));  // computed once, cached beside it
  ::setenv("FACTORBENCH_DATA", dir.path().c_str(), 1);
  const Json by_name = dataset_provenance("dsprites", Json::object());
  const Json stand_in = dataset_provenance("dsprites", Json{{"count", 4}});
  ::unsetenv("FACTORBENCH_DATA");
  EXPECT_EQ(by_name["source"], "release");
  EXPECT_EQ(by_name["sha256"], by_path["sha256"]);
  EXPECT_EQ(stand_in["source"], "generated");
  EXPECT_EQ(dataset_provenance("dsprites", Json::object())["source"], "generated");
}

}  // namespace
}  // namespace fb::data
