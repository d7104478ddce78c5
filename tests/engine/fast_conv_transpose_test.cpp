// FastConvTranspose2d must be the same function of the same parameters as ConvTranspose2d: outputs
// and input/weight/bias gradients agree to 1e-5, parameters and initialisation are shared.
#include "engine/fast_conv_transpose.h"

#include <gtest/gtest.h>

#include <tuple>

#include "core/error.h"

namespace fb::engine {
namespace {

namespace nn = torch::nn;

// Largest |a − b| relative to max(1, max |b|).
double relative_error(const torch::Tensor& a, const torch::Tensor& b) {
  const double scale = std::max(1.0, b.abs().max().item<double>());
  return (a - b).abs().max().item<double>() / scale;
}

struct Layer {
  int in, out, kernel, stride, padding, size;
};

// The decoders' k4 s2 p1 layers (one of each width pattern), plus other strides and paddings.
class FastConvTransposeMatches : public ::testing::TestWithParam<Layer> {};

TEST_P(FastConvTransposeMatches, PlainConvTranspose2dInOutputAndEveryGradient) {
  const Layer l = GetParam();
  torch::manual_seed(7);
  auto options =
      nn::ConvTranspose2dOptions(l.in, l.out, l.kernel).stride(l.stride).padding(l.padding);
  nn::ConvTranspose2d plain(options);
  FastConvTranspose2d fast(options);
  {
    torch::NoGradGuard no_grad;
    fast->weight.copy_(plain->weight);
    fast->bias.copy_(plain->bias);
  }
  torch::Tensor x = torch::randn({5, l.in, l.size, l.size});
  torch::Tensor x_plain = x.clone().requires_grad_(), x_fast = x.clone().requires_grad_();
  torch::Tensor y_plain = plain(x_plain), y_fast = fast(x_fast);
  ASSERT_EQ(y_fast.sizes(), y_plain.sizes());
  EXPECT_LT(relative_error(y_fast, y_plain), 1e-5);
  torch::Tensor upstream = torch::randn(y_plain.sizes());
  y_plain.backward(upstream);
  y_fast.backward(upstream);
  EXPECT_LT(relative_error(x_fast.grad(), x_plain.grad()), 1e-5);
  EXPECT_LT(relative_error(fast->weight.grad(), plain->weight.grad()), 1e-5);
  EXPECT_LT(relative_error(fast->bias.grad(), plain->bias.grad()), 1e-5);
}

INSTANTIATE_TEST_SUITE_P(Layers, FastConvTransposeMatches,
                         ::testing::Values(Layer{64, 64, 4, 2, 1, 4}, Layer{64, 32, 4, 2, 1, 8},
                                           Layer{32, 32, 4, 2, 1, 16}, Layer{32, 3, 4, 2, 1, 32},
                                           Layer{32, 1, 4, 2, 1, 8}, Layer{16, 8, 3, 1, 1, 6},
                                           Layer{8, 16, 5, 2, 0, 5}));

TEST(FastConvTranspose2d, ViaConvMatchesWithoutBiasAndWithoutInputGradient) {
  torch::manual_seed(3);
  torch::Tensor x = torch::randn({3, 16, 6, 6});
  torch::Tensor w = torch::randn({16, 8, 4, 4}, torch::requires_grad());
  torch::Tensor w_ref = w.detach().clone().requires_grad_();
  torch::Tensor y = conv_transpose2d_via_conv(x, w, torch::Tensor(), 2, 1);
  torch::Tensor y_ref = torch::conv_transpose2d(x, w_ref, {}, 2, 1);
  EXPECT_LT(relative_error(y, y_ref), 1e-5);
  y.square().sum().backward();
  y_ref.square().sum().backward();
  EXPECT_LT(relative_error(w.grad(), w_ref.grad()), 1e-5);
}

TEST(FastConvTranspose2d, SharesConvTranspose2dParametersAndInitialisation) {
  auto options = nn::ConvTranspose2dOptions(64, 32, 4).stride(2).padding(1);
  torch::manual_seed(11);
  nn::ConvTranspose2d plain(options);
  torch::manual_seed(11);
  FastConvTranspose2d fast(options);
  auto a = plain->named_parameters(), b = fast->named_parameters();
  ASSERT_EQ(a.size(), b.size());
  for (const auto& item : a) {
    SCOPED_TRACE(item.key());
    ASSERT_TRUE(b.contains(item.key()));
    EXPECT_TRUE(torch::equal(item.value(), b[item.key()]));
  }
  // Code that finds transposed convolutions by type (initialisers) still finds it.
  nn::Sequential seq(fast);
  EXPECT_NE(seq[0]->as<nn::ConvTranspose2d>(), nullptr);
}

TEST(FastConvTranspose2d, IsDeterministic) {
  torch::manual_seed(5);
  FastConvTranspose2d fast(nn::ConvTranspose2dOptions(32, 32, 4).stride(2).padding(1));
  torch::Tensor x = torch::randn({4, 32, 8, 8}, torch::requires_grad());
  auto once = [&] {
    fast->zero_grad();
    torch::Tensor y = fast(x);
    y.sum().backward();
    return std::make_tuple(y.detach().clone(), fast->weight.grad().clone());
  };
  auto [y1, g1] = once();
  auto [y2, g2] = once();
  EXPECT_TRUE(torch::equal(y1, y2));
  EXPECT_TRUE(torch::equal(g1, g2));
}

TEST(FastConvTranspose2d, RejectsUnsupportedOptions) {
  EXPECT_THROW(FastConvTranspose2d(nn::ConvTranspose2dOptions(4, 4, 4).stride(2).output_padding(1)),
               ConfigError);
  EXPECT_THROW(FastConvTranspose2d(nn::ConvTranspose2dOptions(4, 4, 4).groups(2)), ConfigError);
}

}  // namespace
}  // namespace fb::engine
