#include "engine/model_metric_inputs.h"

#include <algorithm>
#include <cstring>

#include "core/error.h"
#include "core/rng.h"
#include "engine/capabilities.h"
#include "engine/data_stream.h"
#include "engine/noise.h"
#include "engine/runtime.h"

namespace fb::engine {

const ModelUnderTest& model_under_test(const metrics::MetricInputs& inputs,
                                       const std::string& metric) {
  const auto* source = dynamic_cast<const ModelUnderTest*>(inputs.model);
  if (source == nullptr || source->model == nullptr)
    throw ConfigError(metric + ": needs the model itself (run it through `factorbench evaluate`)");
  if (inputs.dataset == nullptr) throw ConfigError(metric + ": no dataset given");
  return *source;
}

const FactorClassifier& classifier_of(const ModelUnderTest& source, const std::string& metric) {
  if (source.classifier == nullptr)
    throw ConfigError(metric + ": needs a factor classifier (--classifier)");
  return *source.classifier;
}

unsigned available_needs(const Model& model, bool classifier) {
  unsigned needs = metrics::Needs::kEncoder;
  if (capability<SemiSupervised>(model)) needs |= metrics::Needs::kGenerator;
  if (capability<PriorSampling>(model)) needs |= metrics::Needs::kSampler;
  if (capability<CategoricalCodeModel>(model)) needs |= metrics::Needs::kCategoricalCode;
  if (classifier) needs |= metrics::Needs::kClassifier;
  return needs;
}

ModelMetricInputs::ModelMetricInputs(Model& model, const data::Dataset& dataset,
                                     const FactorClassifier* classifier, torch::Device device,
                                     metrics::Protocol protocol, metrics::SklearnEra era,
                                     std::uint64_t seed)
    : model_(model),
      dataset_(dataset),
      device_(device),
      noise_(make_generator(torch::kCPU, Rng::derive(seed, "evaluate:sampled").next_u64())),
      available_(available_needs(model, classifier != nullptr)) {
  source_.model = &model;
  source_.classifier = classifier;
  inputs_.dataset = &dataset;
  inputs_.encode_mean = encoder(false);
  inputs_.encode_sampled = encoder(true);
  inputs_.code_dim = model.latent_dim();
  inputs_.protocol = protocol;
  inputs_.seed = seed;
  inputs_.era = era;
  inputs_.model = &source_;
  if (classifier != nullptr) {
    classifier->require_compatible(dataset, "--classifier");
    inputs_.oracle_encoder = classifier->oracle_encoder();
  }
  if (capability<SemiSupervised>(model)) wire_generator();
}

metrics::Encoder ModelMetricInputs::encoder(bool sampled) {
  return [this, sampled](const std::uint8_t* images, std::int64_t n, float* codes) {
    torch::NoGradGuard no_grad;
    const std::int64_t d = model_.latent_dim(), batch = 512;
    for (std::int64_t s = 0; s < n; s += batch) {
      const std::int64_t c = std::min(batch, n - s);
      Encoding enc =
          model_.encode(to_model_input(images + s * dataset_.image_bytes(), c, dataset_, device_));
      torch::Tensor z = enc.mean;
      if (sampled && enc.logvar.defined())
        z = enc.mean +
            (0.5 * enc.logvar).exp() * engine::randn(enc.mean.sizes(), noise_, enc.mean.options());
      z = z.to(torch::kCPU, torch::kFloat32).contiguous();
      std::memcpy(codes + s * d, z.data_ptr<float>(),
                  static_cast<std::size_t>(c * d) * sizeof(float));
    }
  };
}

// Codes are the varying factors' normalised values; the oracle reads the stored uint8 scale.
void ModelMetricInputs::wire_generator() {
  std::int64_t varying = 0;
  for (const auto& f : dataset_.factors()) varying += f.size() > 1 ? 1 : 0;
  const LatentPrior prior = capability<PriorSampling>(model_)->prior();
  inputs_.generate = [this, varying, z_dim = prior.noise_dim](const double* codes,
                                                              const double* noise, std::int64_t n,
                                                              std::uint8_t* images) {
    torch::Tensor c = torch::from_blob(const_cast<double*>(codes), {n, varying}, torch::kFloat64)
                          .to(device_, torch::kFloat32);
    torch::Tensor z = noise != nullptr && z_dim > 0 ? torch::from_blob(const_cast<double*>(noise),
                                                                       {n, z_dim}, torch::kFloat64)
                                                          .to(device_, torch::kFloat32)
                                                    : torch::Tensor();
    torch::Tensor x = model_.generate(c, z)
                          .div(dataset_.pixel_scale())
                          .round()
                          .clamp(0, 255)
                          .permute({0, 2, 3, 1})
                          .to(torch::kCPU, torch::kUInt8)
                          .contiguous();
    std::memcpy(images, x.data_ptr<std::uint8_t>(), static_cast<std::size_t>(x.numel()));
  };
  // z ~ p_z, drawn on the CPU so the same metric seed gives the same z on every device.
  inputs_.noise_dim = prior.noise_dim;
  inputs_.sample_noise = [noise_prior = prior.noise, z_dim = prior.noise_dim](
                             std::int64_t n, std::uint64_t seed, double* out) {
    torch::Generator gen = make_generator(torch::kCPU, seed);
    torch::Tensor z =
        noise_prior.draw(n, z_dim, gen, torch::TensorOptions()).to(torch::kFloat64).contiguous();
    std::memcpy(out, z.data_ptr<double>(), static_cast<std::size_t>(z.numel()) * sizeof(double));
  };
}

}  // namespace fb::engine
