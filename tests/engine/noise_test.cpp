#include "engine/noise.h"

#include <gtest/gtest.h>

#include "engine/runtime.h"

namespace fb::engine {
namespace {

// On the CPU the noise helpers are exactly LibTorch's draws (so moving noise off the training device
// changed no CPU result); they take a CPU generator whatever the options' dtype.
TEST(Noise, OnTheCpuEqualsLibTorchsDrawsBitForBit) {
  const auto f32 = torch::TensorOptions().dtype(torch::kFloat32);
  const auto f64 = torch::TensorOptions().dtype(torch::kFloat64);
  torch::Generator a = make_generator(torch::kCPU, 7), b = make_generator(torch::kCPU, 7);
  EXPECT_TRUE(torch::equal(randn({3, 5}, a, f32), torch::randn({3, 5}, b, f32)));
  EXPECT_TRUE(torch::equal(rand({4}, a, f64), torch::rand({4}, b, f64)));
  EXPECT_TRUE(torch::equal(randint(9, {6}, a, f32.dtype(torch::kInt64)),
                           torch::randint(9, {6}, b, f32.dtype(torch::kInt64))));
  // Both generators advanced alike: the next draws agree too.
  EXPECT_TRUE(torch::equal(randn({2}, a, f32), torch::randn({2}, b, f32)));
}

TEST(Noise, KeepsDtypeShapeAndDeviceOfTheOptions) {
  torch::Generator gen = make_generator(torch::kCPU, 1);
  const torch::Tensor t = rand({2, 3}, gen, torch::TensorOptions().dtype(torch::kFloat64));
  EXPECT_EQ(t.dtype(), torch::kFloat64);
  EXPECT_EQ(t.sizes(), (std::vector<std::int64_t>{2, 3}));
  EXPECT_TRUE(t.device().is_cpu());
  EXPECT_TRUE((t >= 0).all().item<bool>() && (t < 1).all().item<bool>());
}

}  // namespace
}  // namespace fb::engine
