// The factor classifier ("oracle"): a supervised conv net that reads every factor of a dataset's
// images (docs/protocols.md §4.2 "CR extras" shape-classifier architecture: conv 32-32-64-64, each with
// batch norm, → FC 128 → one softmax head per factor; Adam lr 0.01, 5 epochs). It serves
//   (a) the OracleEncoder of the generator metrics (mig_gen, l2_gen): argmax class / (m−1),
//   (b) the 128-d penultimate features of FD_fb (docs/protocols.md §4.5),
//   (c) the class predictions of Elastic-InfoGAN's ENT (§4.6).
// Saved as a run-like directory: classifier.pt, config.json (dataset, factors, geometry, settings),
// accuracy.json (held-out accuracy per factor), provenance.json.
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/json.h"
#include "datagen/dataset.h"
#include "metrics/metric.h"

namespace fb::engine {

struct FactorClassifierConfig {
  std::int64_t epochs = 5;
  std::int64_t batch = 64;
  double lr = 0.01;
  double holdout_fraction = 0.1;
  std::int64_t max_images = 0;

  template <class V>
  void visit(V&& v) {
    v("epochs", epochs, "passes over the training images (>= 1)");
    v("batch", batch, "batch size (>= 2: batch norm)");
    v("lr", lr, "Adam learning rate (> 0; the reference's shape classifier: 0.01)");
    v("holdout_fraction", holdout_fraction,
      "share of the images held out for the accuracy report, in [0, 0.5]");
    v("max_images", max_images, "train on at most this many images (0 = all but the held-out)");
  }
  void validate(const std::string& where) const;
};

/// The network: images [B,C,H,W] in [0,1] (H, W >= 16; each stride-2 conv floors the side) → features [B,128] and one logit
/// vector [B,m_k] per factor.
class FactorClassifierNetImpl : public torch::nn::Module {
 public:
  FactorClassifierNetImpl(int channels, int height, int width,
                          const std::vector<std::int64_t>& sizes);
  struct Output {
    /// [B,128], the FC 128 layer's output before its ReLU. After the ReLU, samples far from the
    /// data can map to all-zero features, so every such generator got the same FD_fb (observed:
    /// two different 40-step StyleGANs, 21.3287… both).
    torch::Tensor features;
    std::vector<torch::Tensor> logits;  ///< per factor [B,m_k], from ReLU(features)
  };
  Output forward(const torch::Tensor& images);

 private:
  torch::nn::Sequential trunk_{nullptr};
  torch::nn::ModuleList heads_{nullptr};
};
TORCH_MODULE(FactorClassifierNet);

class FactorClassifier {
 public:
  /// Trains on `dataset`'s held images (seeded split, order and initialisation).
  static FactorClassifier train(const data::Dataset& dataset, const FactorClassifierConfig& config,
                                std::uint64_t seed, torch::Device device);
  /// Loads a directory written by save(). DataError when it is missing or unreadable.
  static FactorClassifier load(const std::string& dir, torch::Device device);
  /// Writes the directory (created if needed; its files replaced). `dataset_json` records where
  /// the images came from ({"dataset": name, "dataset_config": {...}}).
  void save(const std::string& dir, const Json& dataset_json) const;

  /// Throws ConfigError unless `dataset` has the same factors (names, sizes) and image geometry.
  void require_compatible(const data::Dataset& dataset, const std::string& where) const;

  /// Predicted classes int64 [N,K] (CPU) of images [N,C,H,W] float32 in [0,1] (any device).
  torch::Tensor predict(const torch::Tensor& images) const;
  /// Penultimate features [N,128] float32 (CPU).
  torch::Tensor features(const torch::Tensor& images) const;
  /// Model input [n,C,H,W] float32 in [0,1] on the classifier's device from stored uint8 images.
  torch::Tensor input(const std::uint8_t* images, std::int64_t n) const;
  /// E_oracle for the generator metrics: the varying factors' (size > 1, dataset order) argmax
  /// class / (m−1), float64 [n,Kc].
  metrics::OracleEncoder oracle_encoder() const;

  const std::vector<data::Factor>& factors() const { return factors_; }
  /// Held-out accuracy per factor, in factor order.
  const std::vector<double>& accuracy() const { return accuracy_; }
  int factor_index(const std::string& name) const;  ///< −1 when absent

 private:
  FactorClassifier() = default;
  std::vector<data::Factor> factors_;
  int channels_ = 1, height_ = 64, width_ = 64;
  float pixel_scale_ = 1.0f;
  torch::Device device_ = torch::kCPU;
  FactorClassifierConfig config_;
  std::uint64_t seed_ = 0;
  std::vector<double> accuracy_;
  // predict()/features() switch the net to inference mode: logically const.
  mutable FactorClassifierNet net_{nullptr};
};

}  // namespace fb::engine
