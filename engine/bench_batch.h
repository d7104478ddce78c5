// A fixed training batch drawn from a real dataset, with everything a model may need besides the
// images: the dataset's factor sizes (StyleGAN code widths) and a labelled subset (Semi-StyleGAN).
// `bench train` and the Google Benchmark registry walk time every registered model through it, so a
// new model that needs any of these is benchmarked without special cases.
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <memory>
#include <string>

#include "core/json.h"
#include "datagen/dataset.h"
#include "engine/labelled_set.h"
#include "engine/model.h"

namespace fb::engine {

class BenchBatch {
 public:
  /// `batch` held images of `dataset` (opened with `dataset_config`), drawn with `seed`, on `device`.
  BenchBatch(const std::string& dataset, const Json& dataset_config, std::int64_t batch,
             torch::Device device, std::uint64_t seed);

  /// The dataset's geometry and factor sizes, `device` and `seed`.
  ModelContext context(std::uint64_t seed) const;
  /// Hands a SemiSupervised model (engine/capabilities.h) a labelled subset of its
  /// labelled_fraction(); nothing for other models.
  void attach(Model& model);

  const torch::Tensor& images() const { return images_; }
  const data::Dataset& dataset() const { return *dataset_; }

 private:
  std::unique_ptr<data::Dataset> dataset_;
  torch::Device device_;
  torch::Tensor images_;
  std::shared_ptr<const LabelledSet> labelled_;
};

}  // namespace fb::engine
