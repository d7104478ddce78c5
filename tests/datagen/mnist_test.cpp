// MNIST from IDX files the test writes itself (plain and gzipped, 20 pictures per digit), the
// subsets and Elastic-InfoGAN's imbalanced splits (at split_scale 0.002: int(0.002 · count) per digit).
#include "datagen/mnist.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "core/error.h"
#include "datagen/file_reader.h"
#include "datagen/mnist_splits.h"
#include "tests/support/dataset_images.h"
#include "tests/support/mnist_files.h"
#include "tests/support/temp_dir.h"

namespace fb::data {
namespace {

// 150 training pictures (gzipped) and 50 test pictures (plain): 20 of every digit.
struct SyntheticMnist {
  test::TempDir dir;
  SyntheticMnist() {
    test::write_mnist_part(dir.path(), "train", 150, 0, true);
    test::write_mnist_part(dir.path(), "t10k", 50, 150, false);
  }
  Json config(Json extra = Json::object()) const {
    Json c{{"path", dir.path()}};
    c.update(extra);
    return c;
  }
};

int global_index(const Dataset& d, std::int64_t i) {
  const auto image = test::image_of(d, i);
  return image[0] * 256 + image[1];
}

TEST(MnistIdx, ReadsPlainAndGzippedFiles) {
  SyntheticMnist m;
  const IdxArray train = read_idx(find_idx(m.dir.path(), "train-images-idx3-ubyte"));  // .gz
  const IdxArray test = read_idx(find_idx(m.dir.path(), "t10k-images-idx3-ubyte"));    // plain
  EXPECT_EQ(train.dims, (std::vector<std::int64_t>{150, 28, 28}));
  EXPECT_EQ(test.dims, (std::vector<std::int64_t>{50, 28, 28}));
  EXPECT_EQ(test.data[2], 150 % 10);
  EXPECT_THROW(find_idx(m.dir.path(), "nothing-idx1-ubyte"), DataError);
  std::ofstream(m.dir.file("bad"), std::ios::binary) << "PK\x03\x04 not idx";
  EXPECT_THROW(read_idx(m.dir.file("bad")), DataError);
  test::write_idx(m.dir.file("short"), {10, 28, 28}, std::vector<std::uint8_t>(100, 0), false);
  EXPECT_THROW(read_idx(m.dir.file("short")), DataError);
}

TEST(MnistDataset, SubsetsHoldTrainTestOrBoth) {
  SyntheticMnist m;
  auto all = open_dataset("mnist", m.config());
  auto train = open_dataset("mnist", m.config({{"subset", "train"}}));
  auto test = open_dataset("mnist", m.config({{"subset", "test"}}));
  EXPECT_EQ(all->size(), 200);
  EXPECT_EQ(train->size(), 150);
  EXPECT_EQ(test->size(), 50);
  EXPECT_EQ(global_index(*test, 0), 150);
  ASSERT_EQ(all->num_factors(), 1);
  EXPECT_EQ(all->factors()[0].name, "digit");
  EXPECT_EQ(all->factors()[0].size(), 10);
  EXPECT_EQ(all->height(), 28);
  EXPECT_FLOAT_EQ(all->pixel_scale(), 1.0f / 255.0f);
  for (std::int64_t i = 0; i < all->size(); ++i)
    ASSERT_EQ(all->classes()[i], test::image_of(*all, i)[2]);
  EXPECT_EQ(open_dataset("mnist", m.config({{"count", 32}}))->size(), 32);
  Rng rng(1);
  std::uint8_t out[784];
  const std::int64_t classes[1] = {3};
  EXPECT_THROW(all->render(classes, 1, rng, out), DataError);  // no oracle
}

TEST(MnistDataset, ImbalancedSplitKeepsIntCountsDrawnWithTheSeed) {
  SyntheticMnist m;
  const Json split3 = m.config({{"subset", "imbalanced"}, {"split", 3}, {"split_scale", 0.002}});
  auto d = open_dataset("mnist", split3);
  std::vector<int> per_digit(10, 0);
  std::set<int> seen;
  for (std::int64_t i = 0; i < d->size(); ++i) {
    ++per_digit[static_cast<std::size_t>(d->classes()[i])];
    EXPECT_EQ(test::image_of(*d, i)[2], d->classes()[i]);  // the picture is of its digit
    EXPECT_TRUE(seen.insert(global_index(*d, i)).second);  // without replacement
  }
  for (int digit = 0; digit < 10; ++digit)
    EXPECT_EQ(per_digit[digit], static_cast<int>(0.002 * kElasticInfoGanSplits[3][digit])) << digit;
  // Same seed, same pictures in the same order; another seed or split draws others.
  auto again = open_dataset("mnist", split3);
  ASSERT_EQ(again->size(), d->size());
  for (std::int64_t i = 0; i < d->size(); ++i)
    ASSERT_EQ(global_index(*again, i), global_index(*d, i));
  Json reseeded = split3;
  reseeded["seed"] = 1;
  auto other = open_dataset("mnist", reseeded);
  bool differs = false;
  for (std::int64_t i = 0; i < d->size(); ++i)
    differs = differs || global_index(*other, i) != global_index(*d, i);
  EXPECT_TRUE(differs);
  Json split4 = split3;
  split4["split"] = 4;
  auto s4 = open_dataset("mnist", split4);
  EXPECT_TRUE(s4->size() != d->size() || global_index(*s4, 0) != global_index(*d, 0));
  // The paper's counts (up to 6,300 of a digit) exceed the 20 pictures per digit here.
  EXPECT_THROW(open_dataset("mnist", m.config({{"subset", "imbalanced"}})), DataError);
}

TEST(MnistDataset, ConfigErrorsNameTheField) {
  SyntheticMnist m;
  EXPECT_THROW(open_dataset("mnist", Json::object()), ConfigError);  // no path
  EXPECT_THROW(open_dataset("mnist", m.config({{"subset", "val"}})), ConfigError);
  EXPECT_THROW(open_dataset("mnist", m.config({{"split", 50}})), ConfigError);
  EXPECT_THROW(open_dataset("mnist", m.config({{"split_scale", 0.0}})), ConfigError);
  EXPECT_THROW(open_dataset("mnist", m.config({{"splitt", 1}})), ConfigError);
  EXPECT_THROW(open_dataset("mnist", Json{{"path", m.dir.file("absent")}}), DataError);
}

TEST(MnistIdx, FolderOpensByContentAsAllPictures) {
  SyntheticMnist m;
  auto d = open_file(m.dir.path());
  EXPECT_EQ(d->name(), "mnist");
  ASSERT_EQ(d->size(), 200);
  EXPECT_EQ(d->factor_sizes(), (std::vector<std::int64_t>{10}));
  for (std::int64_t i = 0; i < d->size(); ++i) {
    ASSERT_EQ(global_index(*d, i), i);  // train then test
    ASSERT_EQ(d->classes()[i], i % 10);
  }
}

TEST(MnistSplits, TableIsTheReleasedOne) {
  // Spot values of splits/50_data_imbalance.npy (row 1 = --ind 1, digit 0 capped at 6,300).
  EXPECT_EQ(kElasticInfoGanSplits[0][0], 6300.0);
  EXPECT_DOUBLE_EQ(kElasticInfoGanSplits[0][1], 1585.4900833846832);
  EXPECT_DOUBLE_EQ(kElasticInfoGanSplits[1][3], 6300.0);
  double total = 0;
  for (const auto& split : kElasticInfoGanSplits)
    for (double c : split) total += static_cast<int>(c);
  EXPECT_GT(total, 50 * 29000.0);
}

}  // namespace
}  // namespace fb::data
