#include "engine/factor_classifier.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <numeric>

#include "core/atomic_output.h"
#include "core/error.h"
#include "core/provenance.h"
#include "core/rng.h"
#include "engine/data_stream.h"
#include "engine/runtime.h"

namespace fb::engine {

namespace nn = torch::nn;

void FactorClassifierConfig::validate(const std::string& where) const {
  require(epochs >= 1, where + ".epochs", "must be >= 1", std::to_string(epochs));
  require(batch >= 2, where + ".batch", "must be >= 2 (batch norm)", std::to_string(batch));
  require(lr > 0 && std::isfinite(lr), where + ".lr", "must be > 0", format_number(lr));
  require(holdout_fraction >= 0 && holdout_fraction <= 0.5, where + ".holdout_fraction",
          "must be in [0, 0.5]", format_number(holdout_fraction));
  require(max_images >= 0, where + ".max_images", "must be >= 0 (0 = all)",
          std::to_string(max_images));
}

FactorClassifierNetImpl::FactorClassifierNetImpl(int channels, int height, int width,
                                                 const std::vector<std::int64_t>& sizes) {
  // Each k4 s2 p1 convolution maps a side s to floor(s / 2), so four leave floor(s / 16) >= 1
  // (MNIST's 28 -> 14, 7, 3, 1).
  if (height < 16 || width < 16)
    throw ConfigError("factor classifier: image height and width must be at least 16 (got " +
                      std::to_string(height) + "x" + std::to_string(width) + ")");
  nn::Sequential trunk;
  int in = channels;
  for (int out : {32, 32, 64, 64}) {  // conv k4 s2 (TF SAME), batch norm, ReLU
    trunk->push_back(nn::Conv2d(nn::Conv2dOptions(in, out, 4).stride(2).padding(1)));
    trunk->push_back(nn::BatchNorm2d(out));
    trunk->push_back(nn::ReLU());
    in = out;
  }
  trunk->push_back(nn::Flatten());
  // The FC 128 layer's ReLU is applied in forward(), after the features are taken: see Output.
  trunk->push_back(nn::Linear(64 * (height / 16) * (width / 16), 128));
  trunk_ = register_module("trunk", trunk);
  heads_ = register_module("heads", nn::ModuleList());
  for (auto m : sizes) heads_->push_back(nn::Linear(128, m));
}

FactorClassifierNetImpl::Output FactorClassifierNetImpl::forward(const torch::Tensor& images) {
  Output out;
  out.features = trunk_->forward(images);
  const torch::Tensor hidden = torch::relu(out.features);
  for (const auto& head : *heads_) out.logits.push_back(head->as<nn::Linear>()->forward(hidden));
  return out;
}

namespace {

std::vector<std::int64_t> sizes_of(const std::vector<data::Factor>& factors) {
  std::vector<std::int64_t> s;
  for (const auto& f : factors) s.push_back(f.size());
  return s;
}

}  // namespace

torch::Tensor FactorClassifier::input(const std::uint8_t* images, std::int64_t n) const {
  auto nhwc = torch::from_blob(const_cast<std::uint8_t*>(images), {n, height_, width_, channels_},
                               torch::kUInt8);
  return nhwc.to(device_).permute({0, 3, 1, 2}).to(torch::kFloat32).mul_(pixel_scale_).contiguous();
}

FactorClassifier FactorClassifier::train(const data::Dataset& dataset,
                                         const FactorClassifierConfig& config, std::uint64_t seed,
                                         torch::Device device) {
  config.validate("classifier");
  FactorClassifier c;
  c.factors_ = dataset.factors();
  c.channels_ = dataset.channels();
  c.height_ = dataset.height();
  c.width_ = dataset.width();
  c.pixel_scale_ = dataset.pixel_scale();
  c.device_ = device;
  c.config_ = config;
  c.seed_ = seed;
  {
    // Initialise on the CPU from the seed (torch's global generator is not used), then move.
    torch::manual_seed(Rng::derive(seed, "classifier:init").next_u64());
    c.net_ = FactorClassifierNet(c.channels_, c.height_, c.width_, sizes_of(c.factors_));
    c.net_->to(device);
  }
  // Seeded split: the first `holdout` images of a permutation are held out.
  const std::int64_t n = dataset.size();
  std::vector<std::int64_t> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), 0);
  Rng split = Rng::derive(seed, "classifier:split");
  for (std::int64_t i = n - 1; i > 0; --i)
    std::swap(order[i],
              order[static_cast<std::int64_t>(split.below(static_cast<std::uint64_t>(i + 1)))]);
  const auto holdout = static_cast<std::int64_t>(std::floor(config.holdout_fraction * n));
  std::vector<std::int64_t> held(order.begin(), order.begin() + holdout);
  std::vector<std::int64_t> train_set(order.begin() + holdout, order.end());
  if (config.max_images > 0 && static_cast<std::int64_t>(train_set.size()) > config.max_images)
    train_set.resize(static_cast<std::size_t>(config.max_images));
  if (static_cast<std::int64_t>(train_set.size()) < config.batch)
    throw ConfigError("classifier.batch: larger than the training images (" +
                      std::to_string(train_set.size()) + ")");

  torch::optim::Adam adam(c.net_->parameters(), torch::optim::AdamOptions(config.lr));
  Rng shuffle = Rng::derive(seed, "classifier:order");
  std::vector<std::uint8_t> staging;
  auto batch_input = [&](const std::vector<std::int64_t>& idx) {
    staging.resize(idx.size() * static_cast<std::size_t>(dataset.image_bytes()));
    dataset.gather(idx, staging.data());
    return c.input(staging.data(), static_cast<std::int64_t>(idx.size()));
  };
  c.net_->train();
  for (std::int64_t epoch = 0; epoch < config.epochs; ++epoch) {
    for (std::int64_t i = static_cast<std::int64_t>(train_set.size()) - 1; i > 0; --i)
      std::swap(
          train_set[i],
          train_set[static_cast<std::int64_t>(shuffle.below(static_cast<std::uint64_t>(i + 1)))]);
    // The last partial batch is dropped (a batch of 1 would break batch norm).
    for (std::size_t s = 0; s + config.batch <= train_set.size(); s += config.batch) {
      std::vector<std::int64_t> idx(train_set.begin() + s, train_set.begin() + s + config.batch);
      torch::Tensor classes = gather_classes(dataset, idx).to(device);
      auto out = c.net_->forward(batch_input(idx));
      torch::Tensor loss = torch::zeros({}, torch::TensorOptions().device(device));
      for (std::size_t k = 0; k < out.logits.size(); ++k)  // Σ over factors of softmax CE
        loss = loss + torch::cross_entropy_loss(out.logits[k], classes.select(1, k));
      adam.zero_grad();
      loss.backward();
      adam.step();
    }
  }
  // Held-out accuracy per factor (training accuracy on up to 2,000 images when nothing is held
  // out, so the report is never empty).
  std::vector<std::int64_t> eval = held;
  if (eval.empty())
    eval.assign(train_set.begin(),
                train_set.begin() + std::min<std::size_t>(2000, train_set.size()));
  std::vector<double> correct(c.factors_.size(), 0.0);
  for (std::size_t s = 0; s < eval.size(); s += 512) {
    std::vector<std::int64_t> idx(eval.begin() + s, eval.begin() + std::min(eval.size(), s + 512));
    torch::Tensor truth = gather_classes(dataset, idx);
    torch::Tensor pred = c.predict(batch_input(idx));
    for (std::size_t k = 0; k < correct.size(); ++k)
      correct[k] += pred.select(1, k).eq(truth.select(1, k)).sum().item<double>();
  }
  for (double& v : correct) v /= static_cast<double>(eval.size());
  c.accuracy_ = correct;
  return c;
}

torch::Tensor FactorClassifier::predict(const torch::Tensor& images) const {
  torch::NoGradGuard no_grad;
  net_->eval();
  std::vector<torch::Tensor> cols;
  for (std::int64_t s = 0; s < images.size(0); s += 512) {
    auto out = net_->forward(images.slice(0, s, std::min(images.size(0), s + 512)).to(device_));
    std::vector<torch::Tensor> per_factor;
    for (auto& l : out.logits) per_factor.push_back(l.argmax(1));
    cols.push_back(torch::stack(per_factor, 1).to(torch::kCPU));
  }
  if (cols.empty())
    return torch::empty({0, static_cast<std::int64_t>(factors_.size())}, torch::kInt64);
  return torch::cat(cols, 0);
}

torch::Tensor FactorClassifier::features(const torch::Tensor& images) const {
  torch::NoGradGuard no_grad;
  net_->eval();
  std::vector<torch::Tensor> parts;
  for (std::int64_t s = 0; s < images.size(0); s += 512)
    parts.push_back(net_->forward(images.slice(0, s, std::min(images.size(0), s + 512)).to(device_))
                        .features.to(torch::kCPU));
  if (parts.empty()) return torch::empty({0, 128});
  return torch::cat(parts, 0);
}

metrics::OracleEncoder FactorClassifier::oracle_encoder() const {
  std::vector<int> varying;
  for (int k = 0; k < static_cast<int>(factors_.size()); ++k)
    if (factors_[k].size() > 1) varying.push_back(k);
  return [this, varying](const std::uint8_t* images, std::int64_t n, double* codes) {
    torch::Tensor pred = predict(input(images, n)).contiguous();
    const std::int64_t* p = pred.data_ptr<std::int64_t>();
    const auto kk = static_cast<std::int64_t>(factors_.size());
    for (std::int64_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < varying.size(); ++j) {
        const int k = varying[j];
        codes[i * static_cast<std::int64_t>(varying.size()) + j] =
            static_cast<double>(p[i * kk + k]) / static_cast<double>(factors_[k].size() - 1);
      }
  };
}

int FactorClassifier::factor_index(const std::string& name) const {
  for (int k = 0; k < static_cast<int>(factors_.size()); ++k)
    if (factors_[k].name == name) return k;
  return -1;
}

void FactorClassifier::require_compatible(const data::Dataset& dataset,
                                          const std::string& where) const {
  bool same = dataset.channels() == channels_ && dataset.height() == height_ &&
              dataset.width() == width_ &&
              dataset.num_factors() == static_cast<int>(factors_.size());
  for (int k = 0; same && k < dataset.num_factors(); ++k)
    same = dataset.factors()[k].name == factors_[k].name &&
           dataset.factors()[k].size() == factors_[k].size();
  if (!same)
    throw ConfigError(where +
                      ": the classifier was trained on other factors or image geometry "
                      "than dataset '" +
                      dataset.name() + "' (train one on it with `factorbench train-classifier`)");
}

void FactorClassifier::save(const std::string& dir, const Json& dataset_json) const {
  std::filesystem::create_directories(dir);
  const std::string weights = dir + "/classifier.pt";
  torch::save(net_, weights + ".partial");
  std::filesystem::rename(weights + ".partial", weights);
  Json config = dataset_json;
  config["factors"] = Json::array();
  for (const auto& f : factors_)
    config["factors"].push_back({{"name", f.name}, {"values", f.values}});
  config["image"] = {{"channels", channels_}, {"height", height_}, {"width", width_}};
  config["pixel_scale"] = pixel_scale_;
  config["classifier"] = to_json(config_);
  config["seed"] = seed_;
  write_file_atomic(dir + "/config.json", config.dump(2) + "\n");
  Json accuracy = Json::object();
  for (std::size_t k = 0; k < factors_.size(); ++k) accuracy[factors_[k].name] = accuracy_[k];
  write_file_atomic(dir + "/accuracy.json", accuracy.dump(2) + "\n");
  Json prov = provenance();
  prov["seed"] = seed_;
  write_file_atomic(dir + "/provenance.json", prov.dump(2) + "\n");
}

FactorClassifier FactorClassifier::load(const std::string& dir, torch::Device device) {
  if (!std::filesystem::exists(dir + "/config.json") ||
      !std::filesystem::exists(dir + "/classifier.pt"))
    throw DataError(dir + ": not a factor classifier directory (no config.json / classifier.pt)");
  Json config = Json::parse(read_file(dir + "/config.json"), nullptr, false);
  if (config.is_discarded()) throw DataError(dir + "/config.json: invalid JSON");
  FactorClassifier c;
  try {
    for (const auto& f : config.at("factors"))
      c.factors_.push_back(
          {f.at("name").get<std::string>(), f.at("values").get<std::vector<double>>()});
    c.channels_ = config.at("image").at("channels").get<int>();
    c.height_ = config.at("image").at("height").get<int>();
    c.width_ = config.at("image").at("width").get<int>();
    c.pixel_scale_ = config.at("pixel_scale").get<float>();
    c.config_ =
        parse<FactorClassifierConfig>(config.at("classifier"), dir + "/config.json: classifier");
    c.seed_ = config.at("seed").get<std::uint64_t>();
    Json accuracy = Json::parse(read_file(dir + "/accuracy.json"));
    for (const auto& f : c.factors_) c.accuracy_.push_back(accuracy.at(f.name).get<double>());
  } catch (const Json::exception& e) {
    throw DataError(dir + ": malformed classifier files (" + std::string(e.what()) + ")");
  }
  c.device_ = device;
  c.net_ = FactorClassifierNet(c.channels_, c.height_, c.width_, sizes_of(c.factors_));
  try {
    torch::load(c.net_, dir + "/classifier.pt");
  } catch (const c10::Error& e) {
    throw DataError(dir + "/classifier.pt: unreadable (" + std::string(e.what_without_backtrace()) +
                    ")");
  }
  c.net_->to(device);
  return c;
}

}  // namespace fb::engine
