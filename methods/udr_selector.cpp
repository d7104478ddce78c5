// UDR selection (docs/protocols.md §5.3, §7 #10): every model encodes the same N real observations; the
// metrics engine's udr() scores each model by the median of its pairwise similarity to the others.
// Models with a log-variance (VAEs) supply per-latent KL for the filter; GANs (Q's output) keep
// every latent.
#include <algorithm>

#include "core/config.h"
#include "core/error.h"
#include "core/rng.h"
#include "engine/data_stream.h"
#include "engine/model.h"
#include "engine/runtime.h"
#include "methods/pool.h"
#include "methods/selector.h"
#include "metrics/udr.h"

namespace fb::methods {

namespace {

struct UdrSelectorConfig {
  std::int64_t num_points = 10000;
  std::int64_t batch = 100;
  bool filter_low_kl = true;
  double kl_threshold = 0.01;
  double lasso_alpha = 0.1;

  template <class V>
  void visit(V&& v) {
    v("num_points", num_points, "real observations every model encodes (a multiple of batch)");
    v("batch", batch, "observations encoded at once (>= 1)");
    v("filter_low_kl", filter_low_kl,
      "score only latents with KL > kl_threshold (models without KL keep all)");
    v("kl_threshold", kl_threshold, "activity threshold on the mean KL of a latent (>= 0)");
    v("lasso_alpha", lasso_alpha, "Lasso α of UDR_L (> 0)");
  }
  void validate(const std::string& where) const {
    require(batch >= 1, where + ".batch", "must be >= 1", std::to_string(batch));
    require(num_points >= 2 && num_points % batch == 0, where + ".num_points",
            "must be >= 2 and a multiple of batch", std::to_string(num_points));
    require(kl_threshold >= 0, where + ".kl_threshold", "must be >= 0",
            format_number(kl_threshold));
    require(lasso_alpha > 0, where + ".lasso_alpha", "must be > 0", format_number(lasso_alpha));
  }
};

metrics::UdrModel encode_points(engine::Model& model, const data::Dataset& dataset,
                                const std::vector<std::int64_t>& indices, std::int64_t batch,
                                torch::Device device) {
  const std::int64_t n = static_cast<std::int64_t>(indices.size()), d = model.latent_dim();
  metrics::UdrModel out;
  out.mean.resize(n, d);
  torch::Tensor kl_sum = torch::zeros({d}, torch::kFloat64);
  bool has_logvar = true;
  std::vector<std::uint8_t> staging;
  for (std::int64_t start = 0; start < n; start += batch) {
    const std::int64_t count = std::min(batch, n - start);
    staging.resize(static_cast<std::size_t>(count * dataset.image_bytes()));
    dataset.gather({indices.begin() + start, indices.begin() + start + count}, staging.data());
    engine::Encoding e =
        model.encode(engine::to_model_input(staging.data(), count, dataset, device));
    torch::Tensor mean = e.mean.to(torch::kCPU, torch::kFloat32).contiguous();
    std::copy(mean.data_ptr<float>(), mean.data_ptr<float>() + mean.numel(),
              out.mean.row(start).data());
    has_logvar = has_logvar && e.logvar.defined();
    if (has_logvar) {
      torch::Tensor lv = e.logvar.to(torch::kCPU, torch::kFloat64), mu = mean.to(torch::kFloat64);
      // KL(q(z|x) ‖ N(0, I)) per latent, summed over points (§5.3: ½(μ² + σ² − logσ² − 1)).
      kl_sum += (0.5 * (mu.pow(2) + lv.exp() - lv - 1)).sum(0);
    }
  }
  if (has_logvar) {
    torch::Tensor kl = (kl_sum / static_cast<double>(n)).to(torch::kFloat32).contiguous();
    out.kl.assign(kl.data_ptr<float>(), kl.data_ptr<float>() + d);
  }
  return out;
}

class UdrSelector : public Selector {
 public:
  UdrSelector(metrics::UdrMethod method, const UdrSelectorConfig& cfg)
      : method_(method), cfg_(cfg) {}

  SelectorScores score(const Pool& pool, const SelectionOptions& options) const override {
    if (pool.members.size() < 2)
      throw ConfigError("UDR: needs at least two models (the pool has " +
                        std::to_string(pool.members.size()) + ")");
    const auto dataset = open_pool_dataset(pool);
    Rng rng = Rng::derive(options.seed, "udr:observations");
    const auto indices = dataset->sample_indices(cfg_.num_points, rng);
    const torch::Device device = engine::parse_device(options.device);
    std::vector<metrics::UdrModel> models;
    for (const auto& member : pool.members) {
      auto model = load_member(member, options.device);
      models.push_back(encode_points(*model, *dataset, indices, cfg_.batch, device));
    }
    metrics::UdrOptions udr_options;
    udr_options.filter_low_kl = cfg_.filter_low_kl;
    udr_options.kl_threshold = cfg_.kl_threshold;
    udr_options.lasso_alpha = cfg_.lasso_alpha;
    const auto result = metrics::udr(models, method_, udr_options);
    SelectorScores s;
    s.scores = result.model_scores;
    Json pairwise = Json::array();
    for (Eigen::Index i = 0; i < result.pairwise.rows(); ++i) {
      Json row = Json::array();
      for (Eigen::Index j = 0; j < result.pairwise.cols(); ++j)
        row.push_back(result.pairwise(i, j));
      pairwise.push_back(row);
    }
    s.details["pairwise"] = pairwise;
    return s;
  }
  Json config() const override { return to_json(cfg_); }

 private:
  metrics::UdrMethod method_;
  UdrSelectorConfig cfg_;
};

}  // namespace

FB_REGISTER(selector_registry(),
            {"udr-lasso",
             "UDR_L (Duan et al. 2020): median pairwise Lasso similarity of each model's codes to "
             "the others' on "
             "the same real observations",
             to_json(UdrSelectorConfig{}),
             [](const Json& cfg, const std::string& where) -> std::unique_ptr<Selector> {
               return std::make_unique<UdrSelector>(metrics::UdrMethod::kLasso,
                                                    parse<UdrSelectorConfig>(cfg, where));
             }});

FB_REGISTER(selector_registry(),
            {"udr-spearman",
             "UDR_S (Duan et al. 2020): median pairwise Spearman similarity of each model's codes "
             "to the others'",
             to_json(UdrSelectorConfig{}),
             [](const Json& cfg, const std::string& where) -> std::unique_ptr<Selector> {
               return std::make_unique<UdrSelector>(metrics::UdrMethod::kSpearman,
                                                    parse<UdrSelectorConfig>(cfg, where));
             }});

}  // namespace fb::methods
