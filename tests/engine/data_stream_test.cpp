#include "engine/data_stream.h"

#include <gtest/gtest.h>

#include <set>

#include "core/error.h"
#include "tests/support/dataset_images.h"
#include "tests/support/toy_dataset.h"

namespace fb::engine {
namespace {

TEST(DataStream, IidOrderIsSeededAndResumable) {
  test::ToyDataset data({3, 4}, 8, 8, 1);
  DataStream a(data, 5, Sampling::kIid, 7, torch::kCPU), b(data, 5, Sampling::kIid, 7, torch::kCPU);
  EXPECT_EQ(a.next_indices(), b.next_indices());
  Json state = a.state();
  auto expected = a.next_indices();
  DataStream c(data, 5, Sampling::kIid, 99, torch::kCPU);
  c.set_state(state);
  EXPECT_EQ(c.next_indices(), expected);
  DataStream other(data, 5, Sampling::kIid, 8, torch::kCPU);
  EXPECT_NE(other.next_indices(),
            DataStream(data, 5, Sampling::kIid, 7, torch::kCPU).next_indices());
}

TEST(DataStream, EpochsShuffleWithoutReplacementAndDropThePartialBatch) {
  test::ToyDataset data({10}, 8, 8, 1);  // 10 images, batches of 4: two per epoch, 2 images dropped
  DataStream s(data, 4, Sampling::kEpochs, 3, torch::kCPU);
  std::set<std::int64_t> seen;
  for (int i = 0; i < 2; ++i)
    for (auto idx : s.next_indices()) seen.insert(idx);
  EXPECT_EQ(seen.size(), 8u);
  EXPECT_EQ(s.epoch(), 0);
  s.next_indices();
  EXPECT_EQ(s.epoch(), 1);
}

TEST(DataStream, EpochsResumeMidEpoch) {
  test::ToyDataset data({10}, 8, 8, 1);
  DataStream s(data, 3, Sampling::kEpochs, 3, torch::kCPU);
  for (int i = 0; i < 4; ++i) s.next_indices();  // into the second epoch
  Json state = s.state();
  std::vector<std::vector<std::int64_t>> expected;
  for (int i = 0; i < 7; ++i) expected.push_back(s.next_indices());
  DataStream r(data, 3, Sampling::kEpochs, 3, torch::kCPU);
  r.set_state(state);
  for (int i = 0; i < 7; ++i) EXPECT_EQ(r.next_indices(), expected[i]) << i;
}

TEST(DataStream, RejectsBatchesAnEpochCannotFill) {
  test::ToyDataset data({10}, 8, 8, 1);
  EXPECT_THROW(DataStream(data, 11, Sampling::kEpochs, 0, torch::kCPU), ConfigError);
  EXPECT_THROW(parse_sampling("shuffled", "--sampling"), ConfigError);
  DataStream iid(data, 11, Sampling::kIid, 0, torch::kCPU);
  EXPECT_EQ(iid.next_indices().size(), 11u);
}

TEST(DataStream, BatchesAreNchwFloatInUnitRange) {
  test::ToyDataset data({2, 2}, 8, 8, 3);  // 0..255 data, pixel_scale 1/255
  DataStream s(data, 2, Sampling::kIid, 1, torch::kCPU);
  torch::Tensor batch = s.next();
  EXPECT_EQ(batch.sizes(), (std::vector<std::int64_t>{2, 3, 8, 8}));
  EXPECT_EQ(batch.scalar_type(), torch::kFloat32);
  EXPECT_EQ(batch.max().item<float>(), 1.0f);
  auto one = to_model_input(test::image_of(data, 3).data(), 1, data, torch::kCPU);
  for (int y = 0; y < 8; ++y)
    for (int x = 0; x < 8; ++x)
      EXPECT_EQ(one[0][2][y][x].item<float>(),
                test::image_of(data, 3)[(y * 8 + x) * 3 + 2] / 255.0f);
}

}  // namespace
}  // namespace fb::engine
