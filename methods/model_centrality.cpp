#include "methods/model_centrality.h"

#include <algorithm>
#include <functional>

#include "core/error.h"
#include "core/rng.h"
#include "engine/model.h"
#include "engine/noise.h"
#include "engine/runtime.h"
#include "methods/pool.h"
#include "methods/selector.h"
#include "metrics/factor_vae.h"
#include "metrics/ml/parallel_tasks.h"

namespace fb::methods {

void ModelCentralityConfig::validate(const std::string& where) const {
  require(groups >= 0, where + ".groups", "must be >= 0", std::to_string(groups));
  require(group_size >= 2, where + ".group_size", "must be >= 2", std::to_string(group_size));
  require(normalise_samples >= 2, where + ".normalise_samples", "must be >= 2",
          std::to_string(normalise_samples));
  require(batch >= 1, where + ".batch", "must be >= 1", std::to_string(batch));
  require(representation == "sampled" || representation == "mean", where + ".representation",
          "must be sampled or mean", representation);
}

std::vector<double> centrality_scores(const Eigen::MatrixXd& f) {
  const Eigen::Index n = f.rows();
  if (n < 2 || f.cols() != n)
    throw ConfigError("ModelCentrality: needs a square F of at least two models (got " +
                      std::to_string(f.rows()) + "x" + std::to_string(f.cols()) + ")");
  const Eigen::MatrixXd s = 0.5 * (f + f.transpose());
  std::vector<double> scores(static_cast<std::size_t>(n));
  for (Eigen::Index i = 0; i < n; ++i)
    scores[i] = (s.row(i).sum() - s(i, i)) / static_cast<double>(n - 1);
  return scores;
}

namespace {

// Model j's latents: `groups` groups of `size` rows, group g fixing code g mod D at its first row's
// value, followed by `free` unconstrained rows.
struct Latents {
  torch::Tensor codes, noise;  // [G·L + free, D], [G·L + free, Z] (undefined when Z = 0)
  std::vector<int> group_code;
};

Latents draw_latents(const CentralityModel& m, std::int64_t groups, std::int64_t size,
                     std::int64_t free, torch::Generator& gen, torch::Device device) {
  Latents l;
  const auto on = torch::TensorOptions().device(device);
  const auto& pc = m.prior.codes;
  const auto& pn = m.prior.noise;
  const std::int64_t z = m.prior.noise_dim;
  torch::Tensor group_codes =
      pc.draw(groups * size, m.code_dim, gen, on).view({groups, size, m.code_dim});
  for (std::int64_t g = 0; g < groups; ++g) {
    const int code = static_cast<int>(g % m.code_dim);
    l.group_code.push_back(code);
    group_codes[g].select(1, code).fill_(group_codes[g][0][code].item<float>());
  }
  torch::Tensor group_noise;
  if (z > 0) group_noise = pn.draw(groups * size, z, gen, on);
  torch::Tensor free_codes = pc.draw(free, m.code_dim, gen, on);
  l.codes = torch::cat({group_codes.view({groups * size, m.code_dim}), free_codes}, 0);
  if (z > 0) l.noise = torch::cat({group_noise, pn.draw(free, z, gen, on)}, 0);
  return l;
}

// Runs body(i) for every model i on the configured threads (the job's --threads), through
// metrics::ml::run_tasks, which carries a task's exception out of the parallel region. Each model's work is
// its own: its encoder, its sampling generator and its codes, so the result does not depend on the thread
// count or the split. Inside the parallel region LibTorch, oneDNN and OpenBLAS run each operation on its
// calling thread, the kernels a one-thread run uses, which makes the codes bit-identical to one thread's.
// The caller's autograd and inference modes are thread-local, so each task takes them over.
void for_each_model(std::size_t n, const std::function<void(std::size_t)>& body) {
  const bool grad = torch::GradMode::is_enabled();
  const bool inference = c10::InferenceMode::is_enabled();
  metrics::ml::run_tasks(static_cast<std::int64_t>(n), [&](std::int64_t i) {
    c10::InferenceMode inference_mode(inference);
    torch::AutoGradMode grad_mode(grad);
    body(static_cast<std::size_t>(i));
  });
}

metrics::Codes to_codes(const torch::Tensor& t) {
  torch::Tensor c = t.to(torch::kCPU, torch::kFloat32).contiguous();
  metrics::Codes out(c.size(0), c.size(1));
  std::copy(c.data_ptr<float>(), c.data_ptr<float>() + c.numel(), out.data());
  return out;
}

}  // namespace

ModelCentralityResult model_centrality(const std::vector<CentralityModel>& models,
                                       const ModelCentralityConfig& cfg, std::uint64_t seed,
                                       torch::Device device) {
  const std::size_t n = models.size();
  if (n < 2)
    throw ConfigError("ModelCentrality: needs at least two models (got " + std::to_string(n) + ")");
  ModelCentralityResult r;
  r.f = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(n));
  for (std::size_t j = 0; j < n; ++j) {
    const CentralityModel& gen_model = models[j];
    if (gen_model.code_dim < 1)
      throw ConfigError("ModelCentrality: model " + std::to_string(j) + " has no codes");
    const std::int64_t groups = cfg.groups > 0 ? cfg.groups : 100 * gen_model.code_dim;
    const std::int64_t grouped = groups * cfg.group_size, total = grouped + cfg.normalise_samples;
    torch::Generator gen = engine::make_generator(
        torch::kCPU,
        Rng::derive(seed, "model_centrality:generate:" + std::to_string(j)).next_u64());
    const Latents latents =
        draw_latents(gen_model, groups, cfg.group_size, cfg.normalise_samples, gen, device);

    // Generate each batch once and hand it to every encoder.
    std::vector<torch::Generator> encode_gens;
    std::vector<std::vector<torch::Tensor>> codes(n);
    for (std::size_t i = 0; i < n; ++i)
      encode_gens.push_back(engine::make_generator(
          torch::kCPU, Rng::derive(seed, "model_centrality:encode:" + std::to_string(i) + ":" +
                                             std::to_string(j))
                           .next_u64()));
    for (std::int64_t start = 0; start < total; start += cfg.batch) {
      const std::int64_t count = std::min(cfg.batch, total - start);
      torch::Tensor noise =
          latents.noise.defined() ? latents.noise.narrow(0, start, count) : torch::Tensor();
      torch::Tensor images = gen_model.generate(latents.codes.narrow(0, start, count), noise);
      for_each_model(n, [&](std::size_t i) {
        codes[i].push_back(models[i].encode(images, encode_gens[i]).detach());
      });
    }
    for_each_model(n, [&](std::size_t i) {
      const metrics::Codes all = to_codes(torch::cat(codes[i], 0));
      const metrics::Codes group_codes = all.topRows(grouped);
      const metrics::Codes free_codes = all.bottomRows(cfg.normalise_samples);
      const Eigen::VectorXd std_dev = metrics::column_variance(free_codes, 0).cwiseSqrt();
      r.f(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) =
          metrics::factor_vae_cr(group_codes, latents.group_code, cfg.group_size,
                                 gen_model.code_dim, std_dev)
              .train_accuracy;
    });
  }
  r.scores = centrality_scores(r.f);
  return r;
}

CentralityModel centrality_model(engine::Model& model, const std::string& representation,
                                 const std::string& label) {
  CentralityModel m;
  m.code_dim = model.latent_dim();
  const auto* sampling = engine::capability<engine::PriorSampling>(model);
  if (sampling == nullptr)
    throw ConfigError("ModelCentrality: " + label + ": model '" + model.name() +
                      "' has no generator to draw groups from");
  m.prior = sampling->prior();
  m.generate = [&model](const torch::Tensor& codes, const torch::Tensor& noise) {
    return model.generate(codes, noise);
  };
  const bool sampled = representation == "sampled";
  m.encode = [&model, sampled](const torch::Tensor& images, torch::Generator& gen) {
    engine::Encoding e = model.encode(images);
    if (!sampled || !e.logvar.defined()) return e.mean;
    return e.mean + (0.5 * e.logvar).exp() * engine::randn(e.mean.sizes(), gen, e.mean.options());
  };
  return m;
}

namespace {

class ModelCentralitySelector : public Selector {
 public:
  explicit ModelCentralitySelector(const ModelCentralityConfig& cfg) : cfg_(cfg) {}

  SelectorScores score(const Pool& pool, const SelectionOptions& options) const override {
    std::vector<std::unique_ptr<engine::Model>> loaded;
    std::vector<CentralityModel> models;
    for (const auto& member : pool.members) {
      loaded.push_back(load_member(member, options.device));
      models.push_back(centrality_model(*loaded.back(), cfg_.representation, member.label()));
    }
    const auto r =
        model_centrality(models, cfg_, options.seed, engine::parse_device(options.device));
    SelectorScores s;
    s.scores = r.scores;
    Json f = Json::array();
    for (Eigen::Index i = 0; i < r.f.rows(); ++i) {
      Json row = Json::array();
      for (Eigen::Index j = 0; j < r.f.cols(); ++j) row.push_back(r.f(i, j));
      f.push_back(row);
    }
    s.details["f"] = f;
    return s;
  }
  Json config() const override { return to_json(cfg_); }

 private:
  ModelCentralityConfig cfg_;
};

}  // namespace

FB_REGISTER(selector_registry(),
            {"model-centrality",
             "ModelCentrality (Lin et al. 2020): the medoid under the symmetrised cross FactorVAE "
             "score of each "
             "model's encoder on every model's generated groups",
             to_json(ModelCentralityConfig{}),
             [](const Json& cfg, const std::string& where) -> std::unique_ptr<Selector> {
               return std::make_unique<ModelCentralitySelector>(
                   parse<ModelCentralityConfig>(cfg, where));
             }});

}  // namespace fb::methods
