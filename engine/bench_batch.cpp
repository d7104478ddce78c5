#include "engine/bench_batch.h"

#include "core/rng.h"
#include "engine/capabilities.h"
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
}

ModelContext BenchBatch::context(std::uint64_t seed) const {
  return ModelContext{
      dataset_->channels(),    dataset_->height(), dataset_->width(), device_, seed, 0,
      dataset_->factor_sizes()};
}

void BenchBatch::attach(Model& model) {
  auto* semi = capability<SemiSupervised>(model);
  if (semi == nullptr) return;
  if (!labelled_)
    labelled_ = std::make_shared<const LabelledSet>(
        make_labelled_set(*dataset_, semi->labelled_fraction(), 0, device_));
  semi->use_labelled(labelled_);
}

}  // namespace fb::engine
