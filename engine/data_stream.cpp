#include "engine/data_stream.h"

#include <algorithm>

#include "core/error.h"

namespace fb::engine {

namespace {

Json state_json(const Rng::State& s) {
  Json a = Json::array();
  for (auto w : s) a.push_back(w);
  return a;
}

Rng::State state_from_json(const Json& j) {
  Rng::State s{};
  if (!j.is_array() || j.size() != s.size())
    throw DataError("checkpoint: malformed data-stream generator state");
  for (std::size_t i = 0; i < s.size(); ++i) s[i] = j[i].get<std::uint64_t>();
  return s;
}

}  // namespace

Sampling parse_sampling(const std::string& text, const std::string& where) {
  if (text == "iid") return Sampling::kIid;
  if (text == "epochs") return Sampling::kEpochs;
  throw ConfigError(where + ": expected iid (DL protocol) or epochs (CR protocol) (got " + text +
                    ")");
}

std::string sampling_name(Sampling s) { return s == Sampling::kIid ? "iid" : "epochs"; }

torch::Tensor to_model_input(const std::uint8_t* images, std::int64_t n,
                             const data::Dataset& dataset, torch::Device device) {
  auto nhwc =
      torch::from_blob(const_cast<std::uint8_t*>(images),
                       {n, dataset.height(), dataset.width(), dataset.channels()}, torch::kUInt8);
  // Convert on the target device: the uint8 copy is 4x smaller than the float one.
  return nhwc.to(device)
      .permute({0, 3, 1, 2})
      .to(torch::kFloat32)
      .mul_(dataset.pixel_scale())
      .contiguous();
}

DataStream::DataStream(const data::Dataset& dataset, std::int64_t batch, Sampling sampling,
                       std::uint64_t seed, torch::Device device)
    : dataset_(dataset),
      batch_(batch),
      sampling_(sampling),
      device_(device),
      rng_(Rng::derive(seed, "data_order")) {
  if (batch <= 0) throw ConfigError("--batch: must be > 0 (got " + std::to_string(batch) + ")");
  if (dataset.size() == 0) throw DataError(dataset.name() + ": holds no images");
  if (sampling == Sampling::kEpochs) {
    if (dataset.size() < batch)
      throw ConfigError("--batch " + std::to_string(batch) + ": larger than the dataset (" +
                        std::to_string(dataset.size()) +
                        " images), so an epoch holds no full batch");
    start_epoch();
  }
}

void DataStream::start_epoch() {
  epoch_rng_ = rng_.state();
  const std::int64_t n = dataset_.size();
  order_.resize(static_cast<std::size_t>(n));
  for (std::int64_t i = 0; i < n; ++i) order_[i] = i;
  // Fisher-Yates with our own generator: the same order on every platform.
  for (std::int64_t i = n - 1; i > 0; --i)
    std::swap(order_[i],
              order_[static_cast<std::int64_t>(rng_.below(static_cast<std::uint64_t>(i + 1)))]);
  position_ = 0;
}

std::vector<std::int64_t> DataStream::next_indices() {
  if (sampling_ == Sampling::kIid) return dataset_.sample_indices(batch_, rng_);
  if (position_ + batch_ > dataset_.size()) {
    ++epoch_;
    start_epoch();
  }
  std::vector<std::int64_t> out(order_.begin() + position_, order_.begin() + position_ + batch_);
  position_ += batch_;
  return out;
}

torch::Tensor gather_classes(const data::Dataset& dataset,
                             const std::vector<std::int64_t>& indices) {
  const int k = dataset.num_factors();
  torch::Tensor out = torch::empty({static_cast<std::int64_t>(indices.size()), k}, torch::kInt64);
  std::int64_t* dst = out.data_ptr<std::int64_t>();
  for (std::size_t i = 0; i < indices.size(); ++i)
    std::copy_n(dataset.classes() + indices[i] * k, k, dst + i * k);
  return out;
}

torch::Tensor DataStream::next() { return images(next_indices()); }

torch::Tensor DataStream::images(const std::vector<std::int64_t>& indices) {
  staging_.resize(indices.size() * static_cast<std::size_t>(dataset_.image_bytes()));
  dataset_.gather(indices, staging_.data());
  return to_model_input(staging_.data(), static_cast<std::int64_t>(indices.size()), dataset_,
                        device_);
}

Json DataStream::state() const {
  Json s;
  s["sampling"] = sampling_name(sampling_);
  s["rng"] = state_json(rng_.state());
  s["epoch"] = epoch_;
  s["position"] = position_;
  s["epoch_rng"] = state_json(epoch_rng_);
  return s;
}

void DataStream::set_state(const Json& s) {
  if (s.value("sampling", "") != sampling_name(sampling_))
    throw DataError("checkpoint: data order '" + s.value("sampling", "") +
                    "' differs from this run's '" + sampling_name(sampling_) + "'");
  if (sampling_ == Sampling::kEpochs) {
    // Redraw the current epoch's shuffle from the state it was drawn from, then move to the
    // position.
    rng_.set_state(state_from_json(s.at("epoch_rng")));
    start_epoch();
    position_ = s.at("position").get<std::int64_t>();
    epoch_ = s.at("epoch").get<std::int64_t>();
  }
  rng_.set_state(state_from_json(s.at("rng")));
}

}  // namespace fb::engine
