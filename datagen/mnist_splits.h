// The 50 class-imbalanced MNIST splits of Elastic-InfoGAN (docs/protocols.md §2.7; the released code's
// splits/50_data_imbalance.npy): split s keeps int(count[s][d]) images of digit d.
#pragma once

namespace fb::data {

inline constexpr int kMnistSplits = 50;
/// [split][digit] class counts (float64, as released; callers truncate with int()).
extern const double kElasticInfoGanSplits[kMnistSplits][10];

}  // namespace fb::data
