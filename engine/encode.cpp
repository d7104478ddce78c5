#include "engine/encode.h"

#include <vector>

#include "core/atomic_output.h"
#include "core/error.h"
#include "core/hdf5.h"
#include "core/progress.h"
#include "core/rng.h"
#include "core/threads.h"
#include "engine/checkpoint.h"
#include "engine/data_stream.h"
#include "engine/model.h"
#include "engine/noise.h"
#include "engine/runtime.h"

namespace fb::engine {

EncodeResult encode_run(const EncodeOptions& options) {
  if (!options.dataset.empty()) return encode_run(options, *data::open_dataset(options.dataset));
  // The run's own data, with the dataset options it was trained with.
  const Json config = RunDir(options.run_dir).read_config();
  auto dataset = data::open_dataset(config.at("dataset").get<std::string>(),
                                    config.value("dataset_config", Json()));
  return encode_run(options, *dataset);
}

EncodeResult encode_run(const EncodeOptions& o, const data::Dataset& dataset) {
  if (o.representation != "mean" && o.representation != "sampled")
    throw ConfigError("--representation: expected mean or sampled (got " + o.representation + ")");
  if (o.batch <= 0) throw ConfigError("--batch: must be > 0");
  configure_threads(o.threads);
  const torch::Device device = parse_device(o.device);
  RunDir run(o.run_dir);
  const Json config = run.read_config();
  const Json& image = config.at("image");
  if (image.at("channels") != dataset.channels() || image.at("height") != dataset.height() ||
      image.at("width") != dataset.width())
    throw ConfigError(dataset.name() + ": images are " + std::to_string(dataset.height()) + "x" +
                      std::to_string(dataset.width()) + "x" + std::to_string(dataset.channels()) +
                      " but the run was trained on " + image.dump());
  AtomicOutput out(o.out, o.force);
  auto model = load_run_model(run, device);
  const std::int64_t n = o.limit > 0 ? std::min(o.limit, dataset.size()) : dataset.size();
  const std::int64_t d = model->latent_dim(), k = dataset.num_factors();

  auto file = h5::File::create(out.partial());
  file.create_group("/train");
  file.create_group("/udr");
  auto codes = file.create_dataset("/train/codes", h5::Type::kF32, {n, d});
  auto means = file.create_dataset("/udr/mean", h5::Type::kF32, {n, d});
  auto factors = file.create_dataset("/train/factors", h5::Type::kI64, {n, k});
  factors.write_rows(0, n, dataset.classes());

  torch::Generator noise = make_generator(torch::kCPU, Rng::derive(o.seed, "encode").next_u64());
  torch::Tensor kl_sum = torch::zeros({d}, torch::kFloat64);
  bool has_logvar = true;
  Progress progress("encode", n, "images", Progress::quiet_default());
  std::vector<std::uint8_t> staging;
  for (std::int64_t start = 0; start < n; start += o.batch) {
    const std::int64_t count = std::min(o.batch, n - start);
    staging.resize(static_cast<std::size_t>(count * dataset.image_bytes()));
    dataset.gather_range(start, count, staging.data());
    Encoding enc = model->encode(to_model_input(staging.data(), count, dataset, device));
    torch::Tensor mean = enc.mean.to(torch::kCPU, torch::kFloat32).contiguous();
    torch::Tensor code = mean;
    has_logvar = has_logvar && enc.logvar.defined();
    if (has_logvar) {
      torch::Tensor logvar = enc.logvar.to(torch::kFloat32);
      // KL(q(z|x) || N(0, I)) per dimension, summed over images (UDR's activity filter).
      kl_sum += (0.5 * (enc.mean.pow(2) + logvar.exp() - logvar - 1))
                    .sum(0)
                    .to(torch::kCPU, torch::kFloat64);
      if (o.representation == "sampled")
        code = (enc.mean +
                (0.5 * logvar).exp() * engine::randn(enc.mean.sizes(), noise, enc.mean.options()))
                   .to(torch::kCPU, torch::kFloat32)
                   .contiguous();
    }
    codes.write_rows(start, count, code.data_ptr<float>());
    means.write_rows(start, count, mean.data_ptr<float>());
    progress.update(start + count);
  }
  if (has_logvar) {
    torch::Tensor kl =
        (kl_sum / static_cast<double>(std::max<std::int64_t>(1, n))).to(torch::kFloat32);
    auto kl_ds = file.create_dataset("/udr/kl", h5::Type::kF32, {d});
    kl_ds.write(std::vector<float>(kl.data_ptr<float>(), kl.data_ptr<float>() + d));
  }
  file.write_attr("/", "representation", o.representation);
  file.write_attr("/", "model", config.at("model").get<std::string>());
  file.write_attr("/", "dataset", dataset.name());
  file.close();
  out.commit();
  progress.finish();
  return {n, static_cast<int>(d)};
}

}  // namespace fb::engine
