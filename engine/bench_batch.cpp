#include "engine/bench_batch.h"

#include "core/rng.h"
#include "engine/data_stream.h"

namespace fb::engine {

BenchBatch::BenchBatch(const std::string& dataset, const Json& dataset_config, std::int64_t batch,
                       torch::Device device, std::uint64_t seed)
    : dataset_(data::open_dataset(dataset, dataset_config)), device_(device) {
  Rng rng(Rng::derive(seed, "bench:batch").next_u64());
  const std::vector<std::int64_t> indices = dataset_->sample_indices(batch, rng);
  std::vector<std::uint8_t> pixels(static_cast<std::size_t>(batch * dataset_->image_bytes()));
  dataset_->gather(indices, pixels.data());
  images_ = to_model_input(pixels.data(), batch, *dataset_, device);
  classes_ = gather_classes(*dataset_, indices);
}

ModelContext BenchBatch::context(std::uint64_t seed) const {
  return ModelContext{
      dataset_->channels(),    dataset_->height(), dataset_->width(), device_, seed, 0,
      dataset_->factor_sizes()};
}

void BenchBatch::attach(const Model& model, StepContext& step) {
  step.dataset = dataset_.get();
  step.classes = classes_;
  const double fraction = model.labelled_fraction();
  if (fraction <= 0) return;
  if (labelled_.size() == 0) labelled_ = make_labelled_set(*dataset_, fraction, 0, device_);
  step.labelled = &labelled_;
}

}  // namespace fb::engine
