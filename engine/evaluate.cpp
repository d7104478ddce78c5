#include "engine/evaluate.h"

#include <chrono>
#include <cstring>
#include <filesystem>
#include <optional>

#include "core/atomic_output.h"
#include "core/config.h"
#include "core/error.h"
#include "core/progress.h"
#include "core/provenance.h"
#include "core/rng.h"
#include "core/threads.h"
#include "engine/checkpoint.h"
#include "engine/data_stream.h"
#include "engine/factor_classifier.h"
#include "engine/generative_scores.h"
#include "engine/model.h"
#include "engine/run_dir.h"
#include "engine/runtime.h"
#include "metrics/metric.h"

namespace fb::engine {

namespace {

// Metrics that need a generator or an oracle encoder are not part of "all" for an encoder-only run.
bool encoder_only(const std::string& name) {
  return name != "mig_gen" && name != "l2_gen" && name != "factor_vae_gen";
}

}  // namespace

Json evaluate_run(const EvaluateOptions& o) {
  require(o.representation == "mean" || o.representation == "sampled", "--representation",
          "must be mean or sampled", o.representation);
  require(o.metric_config.is_object(), "--config", "must be a JSON object of metric -> config",
          o.metric_config.dump());
  const auto protocol = metrics::parse_protocol(o.protocol);
  const auto era = metrics::parse_era(o.era);
  configure_threads(o.threads);
  const torch::Device device = parse_device(o.device);

  std::vector<std::string> names = o.metrics;
  if (names.size() == 1 && names[0] == "none") {
    names.clear();  // only the model-side scores (nmi, ent, fd_fb, ...): datasets without an oracle
  } else if (names.empty() || (names.size() == 1 && names[0] == "all")) {
    names.clear();
    for (const auto& n : metrics::metric_registry().names())
      if (encoder_only(n)) names.push_back(n);
  }
  // Build every metric first, so a bad name or config fails before any work.
  std::vector<std::unique_ptr<metrics::Metric>> built;
  Json resolved = Json::object();
  for (const auto& name : names) {
    const auto& entry = metrics::metric_registry().get(name);
    Json cfg = o.metric_config.value(name, Json::object());
    if (entry.defaults.contains("representation")) cfg["representation"] = o.representation;
    built.push_back(metrics::make_metric(name, cfg));
    Json full = entry.defaults;
    full.update(cfg);
    resolved[name] = full;
  }
  for (auto it = o.metric_config.begin(); it != o.metric_config.end(); ++it)
    metrics::metric_registry().get(
        it.key());  // a config for an unknown metric is a typo: fail loudly

  AtomicOutput out(o.out, o.force);
  const torch::Device classifier_device = parse_device(o.device);
  std::optional<FactorClassifier> classifier;
  if (!o.classifier.empty())
    classifier.emplace(FactorClassifier::load(o.classifier, classifier_device));
  RunDir run(o.run_dir);
  const Json run_config = run.read_config();
  // load_run_model takes a path relative to the run directory.
  const std::string file =
      o.snapshot.empty() ? "" : run.snapshot_path(o.snapshot).substr(run.path().size() + 1);
  if (!o.snapshot.empty() && !std::filesystem::exists(run.snapshot_path(o.snapshot)))
    throw DataError(run.path() + ": no snapshot '" + o.snapshot +
                    "' (the model keeps: see its snapshots/ folder)");
  auto model = load_run_model(run, device, file);
  auto dataset = o.dataset.empty() ? data::open_dataset(run_config.at("dataset").get<std::string>(),
                                                        run_config.value("dataset_config", Json()))
                                   : data::open_dataset(o.dataset);

  const std::int64_t d = model->latent_dim();
  torch::Generator noise =
      make_generator(device, Rng::derive(o.seed, "evaluate:sampled").next_u64());
  auto encoder = [&](bool sampled) {
    return [&, sampled](const std::uint8_t* images, std::int64_t n, float* codes) {
      torch::NoGradGuard no_grad;
      const std::int64_t batch = 512;
      for (std::int64_t s = 0; s < n; s += batch) {
        const std::int64_t c = std::min(batch, n - s);
        Encoding enc =
            model->encode(to_model_input(images + s * dataset->image_bytes(), c, *dataset, device));
        torch::Tensor z = enc.mean;
        if (sampled && enc.logvar.defined())
          z = enc.mean +
              (0.5 * enc.logvar).exp() * torch::randn(enc.mean.sizes(), noise, enc.mean.options());
        z = z.to(torch::kCPU, torch::kFloat32).contiguous();
        std::memcpy(codes + s * d, z.data_ptr<float>(),
                    static_cast<std::size_t>(c * d) * sizeof(float));
      }
    };
  };
  metrics::MetricInputs inputs;
  inputs.dataset = dataset.get();
  inputs.encode_mean = encoder(false);
  inputs.encode_sampled = encoder(true);
  inputs.code_dim = d;
  inputs.protocol = protocol;
  inputs.seed = o.seed;
  inputs.era = era;
  if (classifier) {
    classifier->require_compatible(*dataset, "--classifier");
    inputs.oracle_encoder = classifier->oracle_encoder();
  }
  if (model->factor_codes()) {
    // Codes are the varying factors' normalised values; the oracle reads the stored uint8 scale.
    std::int64_t varying = 0;
    for (const auto& f : dataset->factors()) varying += f.size() > 1 ? 1 : 0;
    const LatentPrior prior = model->prior();
    inputs.generate = [&, varying, z_dim = prior.noise_dim](const double* codes,
                                                            const double* noise, std::int64_t n,
                                                            std::uint8_t* images) {
      torch::Tensor c = torch::from_blob(const_cast<double*>(codes), {n, varying}, torch::kFloat64)
                            .to(device, torch::kFloat32);
      torch::Tensor z =
          noise != nullptr && z_dim > 0
              ? torch::from_blob(const_cast<double*>(noise), {n, z_dim}, torch::kFloat64)
                    .to(device, torch::kFloat32)
              : torch::Tensor();
      torch::Tensor x = model->generate(c, z)
                            .div(dataset->pixel_scale())
                            .round()
                            .clamp(0, 255)
                            .permute({0, 2, 3, 1})
                            .to(torch::kCPU, torch::kUInt8)
                            .contiguous();
      std::memcpy(images, x.data_ptr<std::uint8_t>(), static_cast<std::size_t>(x.numel()));
    };
    // z ~ p_z, drawn on the CPU so the same metric seed gives the same z on every device.
    inputs.noise_dim = prior.noise_dim;
    inputs.sample_noise = [noise_prior = prior.noise, z_dim = prior.noise_dim](
                              std::int64_t n, std::uint64_t seed, double* out) {
      torch::Generator gen = make_generator(torch::kCPU, seed);
      torch::Tensor z =
          noise_prior.draw(n, z_dim, gen, torch::TensorOptions()).to(torch::kFloat64).contiguous();
      std::memcpy(out, z.data_ptr<double>(), static_cast<std::size_t>(z.numel()) * sizeof(double));
    };
    const bool all = o.metrics.empty() || (o.metrics.size() == 1 && o.metrics[0] == "all");
    if (all && classifier)
      for (const char* extra : {"mig_gen", "l2_gen"}) {
        names.push_back(extra);
        const Json cfg = o.metric_config.value(extra, Json::object());
        built.push_back(metrics::make_metric(extra, cfg));
        Json full = metrics::metric_registry().get(extra).defaults;
        full.update(cfg);
        resolved[extra] = full;  // the N the scores average over, as run
      }
  }

  Json scores = Json::object(), seconds = Json::object();
  Progress progress("evaluate", static_cast<std::int64_t>(names.size()), "metrics",
                    Progress::quiet_default());
  for (std::size_t i = 0; i < names.size(); ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    Json s = built[i]->evaluate(inputs);
    for (auto it = s.begin(); it != s.end(); ++it) scores[it.key()] = it.value();
    seconds[names[i]] =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    progress.update(static_cast<std::int64_t>(i + 1));
  }
  progress.finish();

  GenerativeScoreOptions gen_options{o.nmi_samples, o.ent_samples, o.nmi_average, o.fd_samples,
                                     o.seed};
  const FactorClassifier* oracle = classifier ? &*classifier : nullptr;
  if (model->categorical_code()) {
    const auto t0 = std::chrono::steady_clock::now();
    Json s = categorical_code_scores(*model, *dataset, oracle, gen_options);
    for (auto it = s.begin(); it != s.end(); ++it) scores[it.key()] = it.value();
    resolved["elastic"] = {{"nmi_samples", o.nmi_samples},
                           {"ent_samples", o.ent_samples},
                           {"nmi_average", o.nmi_average}};
    seconds["elastic"] =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  }
  if (oracle && model->has_generator()) {
    const auto t0 = std::chrono::steady_clock::now();
    scores["fd_fb"] = fd_fb(*model, *dataset, *oracle, gen_options);
    resolved["fd_fb"] = {{"samples", o.fd_samples}, {"classifier", o.classifier}};
    seconds["fd_fb"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  }

  Json result;
  result["run_dir"] = o.run_dir;
  result["snapshot"] = o.snapshot;
  result["model"] = run_config.value("model", std::string());
  result["protocol"] = metrics::to_string(protocol);
  result["representation"] = o.representation;
  result["era"] = metrics::to_string(era);
  result["seed"] = o.seed;
  result["device"] = o.device;  // of the encoder and classifier passes; the metrics ran on the CPU
  result["scores"] = scores;
  result["config"] = resolved;
  result["seconds"] = seconds;
  result["provenance"] = provenance();
  write_file(out.partial(), result.dump(1) + "\n");
  out.commit();
  return scores;
}

}  // namespace fb::engine
