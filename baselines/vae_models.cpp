// Registrations of the VAE variants that differ only in their regulariser (docs/protocols.md §2.2, defaults
// and sweeps §3.1): vae, beta_vae, annealed_vae, beta_tcvae, dip_vae_1, dip_vae_2.
#include <cmath>

#include "baselines/vae.h"
#include "baselines/vae_losses.h"
#include "core/config.h"

namespace fb::baselines {

namespace {

using engine::Losses;
using engine::ModelContext;

struct PlainVaeConfig {
  VaeCommonConfig common;
  template <class V>
  void visit(V&& v) {
    common.visit(v);
  }
  void validate(const std::string& where) const { common.validate(where); }
};

struct BetaVaeConfig {
  double beta = 4.0;
  VaeCommonConfig common;
  template <class V>
  void visit(V&& v) {
    v("beta", beta, "weight of the KL term (> 0); DL sweep 1, 2, 4, 6, 8, 16");
    common.visit(v);
  }
  void validate(const std::string& where) const {
    require(beta > 0 && std::isfinite(beta), where + ".beta", "must be > 0", format_number(beta));
    common.validate(where);
  }
};

struct AnnealedVaeConfig {
  double c_max = 25.0;
  double gamma = 1000.0;
  std::int64_t iteration_threshold = 100000;
  VaeCommonConfig common;
  template <class V>
  void visit(V&& v) {
    v("c_max", c_max, "final KL capacity C (>= 0); DL sweep 5, 10, 25, 50, 75, 100");
    v("gamma", gamma, "weight of |KL - C| (> 0)");
    v("iteration_threshold", iteration_threshold,
      "steps over which C grows linearly from 0 to c_max (> 0)");
    common.visit(v);
  }
  void validate(const std::string& where) const {
    require(c_max >= 0 && std::isfinite(c_max), where + ".c_max", "must be >= 0",
            format_number(c_max));
    require(gamma > 0 && std::isfinite(gamma), where + ".gamma", "must be > 0",
            format_number(gamma));
    require(iteration_threshold > 0, where + ".iteration_threshold", "must be > 0",
            std::to_string(iteration_threshold));
    common.validate(where);
  }
};

struct BetaTcVaeConfig {
  double beta = 6.0;
  VaeCommonConfig common;
  template <class V>
  void visit(V&& v) {
    v("beta", beta,
      "total-correlation weight (>= 1 penalises TC; > 0); DL sweep 1, 2, 4, 6, 8, 10");
    common.visit(v);
  }
  void validate(const std::string& where) const {
    require(beta > 0 && std::isfinite(beta), where + ".beta", "must be > 0", format_number(beta));
    common.validate(where);
  }
};

// When the user gives no lambda_d it is derived from lambda_od (10·λ_od for DIP-VAE-I, λ_od for
// DIP-VAE-II, docs/protocols.md §2.2) before parsing, so the resolved config always holds the value used.
struct DipVaeConfig {
  double lambda_od = 10.0;
  double lambda_d = 0.0;
  VaeCommonConfig common;
  template <class V>
  void visit(V&& v) {
    v("lambda_od", lambda_od,
      "weight of the off-diagonal covariance penalty (>= 0); DL sweep 1, 2, 5, 10, 20, 50");
    v("lambda_d", lambda_d,
      "weight of the diagonal penalty (>= 0; default 10*lambda_od for I, lambda_od for II)");
    common.visit(v);
  }
  void validate(const std::string& where) const {
    require(lambda_od >= 0 && std::isfinite(lambda_od), where + ".lambda_od", "must be >= 0",
            format_number(lambda_od));
    require(lambda_d >= 0 && std::isfinite(lambda_d), where + ".lambda_d", "must be >= 0",
            format_number(lambda_d));
    common.validate(where);
  }
};

template <class Config>
std::unique_ptr<engine::Model> build(const std::string& name, const Config& cfg,
                                     const ModelContext& ctx, Regulariser regulariser) {
  return std::make_unique<VaeModel>(name, to_json(cfg), cfg.common, ctx, std::move(regulariser));
}

std::unique_ptr<engine::Model> make_vae(const Json& json, const ModelContext& ctx,
                                        const std::string& where) {
  auto cfg = parse<PlainVaeConfig>(json, where);
  // VAE (Kingma & Welling 2014 eq. 10): the ELBO's KL term with weight 1.
  return build(
      "vae", cfg, ctx,
      [](const VaeForward&, const torch::Tensor& kl, std::int64_t, Losses&) { return kl; });
}

std::unique_ptr<engine::Model> make_beta_vae(const Json& json, const ModelContext& ctx,
                                             const std::string& where) {
  auto cfg = parse<BetaVaeConfig>(json, where);
  const double beta = cfg.beta;
  // β-VAE (Higgins et al. 2017 eq. 4): β·KL.
  return build("beta_vae", cfg, ctx,
               [beta](const VaeForward&, const torch::Tensor& kl, std::int64_t, Losses&) {
                 return beta * kl;
               });
}

std::unique_ptr<engine::Model> make_annealed_vae(const Json& json, const ModelContext& ctx,
                                                 const std::string& where) {
  auto cfg = parse<AnnealedVaeConfig>(json, where);
  const double c_max = cfg.c_max, gamma = cfg.gamma,
               threshold = static_cast<double>(cfg.iteration_threshold);
  // AnnealedVAE (Burgess et al. 2018 eq. 8): γ·|KL − C| with C raised linearly to c_max.
  return build("annealed_vae", cfg, ctx,
               [=](const VaeForward&, const torch::Tensor& kl, std::int64_t step, Losses& log) {
                 const double c = annealed_capacity(step, c_max, threshold);
                 log.emplace_back("capacity", torch::full({}, c, kl.options()));
                 return gamma * (kl - c).abs();
               });
}

std::unique_ptr<engine::Model> make_beta_tcvae(const Json& json, const ModelContext& ctx,
                                               const std::string& where) {
  auto cfg = parse<BetaTcVaeConfig>(json, where);
  const double beta = cfg.beta;
  // β-TCVAE (Chen et al. 2018 eq. 4, as disentanglement_lib): KL + (β − 1)·TC.
  return build("beta_tcvae", cfg, ctx,
               [beta](const VaeForward& f, const torch::Tensor& kl, std::int64_t, Losses& log) {
                 torch::Tensor tc = total_correlation_mws(f.z, f.mean, f.logvar);
                 log.emplace_back("tc", tc);
                 return kl + (beta - 1.0) * tc;
               });
}

std::unique_ptr<engine::Model> make_dip_vae(int type, const Json& json, const ModelContext& ctx,
                                            const std::string& where) {
  Json with_d = json.is_null() ? Json::object() : json;
  if (with_d.is_object() && !with_d.contains("lambda_d")) {
    const Json& od =
        with_d.contains("lambda_od") ? with_d["lambda_od"] : Json(DipVaeConfig{}.lambda_od);
    if (od.is_number()) with_d["lambda_d"] = (type == 1 ? 10.0 : 1.0) * od.get<double>();
  }
  auto cfg = parse<DipVaeConfig>(with_d, where);
  const double lambda_od = cfg.lambda_od, lambda_d = cfg.lambda_d;
  // DIP-VAE (Kumar et al. 2018 eq. 6): KL + the covariance penalty on Cov[μ] (I) or Cov[z] (II).
  return build(type == 1 ? "dip_vae_1" : "dip_vae_2", cfg, ctx,
               [=](const VaeForward& f, const torch::Tensor& kl, std::int64_t, Losses& log) {
                 torch::Tensor cov =
                     type == 1 ? dip_covariance_i(f.mean) : dip_covariance_ii(f.mean, f.logvar);
                 torch::Tensor penalty = dip_penalty(cov, lambda_od, lambda_d);
                 log.emplace_back("dip", penalty);
                 return kl + penalty;
               });
}

template <class Config>
Json defaults() {
  return to_json(Config{});
}

Json dip_defaults(int type) {
  DipVaeConfig cfg;
  cfg.lambda_d = type == 1 ? 10.0 * cfg.lambda_od : cfg.lambda_od;
  return to_json(cfg);
}

}  // namespace

FB_REGISTER(engine::model_registry(), {"vae", "VAE (Kingma & Welling 2014): reconstruction + KL",
                                       defaults<PlainVaeConfig>(), make_vae});
FB_REGISTER(engine::model_registry(),
            {"beta_vae", "beta-VAE (Higgins et al. 2017): reconstruction + beta*KL",
             defaults<BetaVaeConfig>(), make_beta_vae});
FB_REGISTER(engine::model_registry(),
            {"annealed_vae",
             "AnnealedVAE (Burgess et al. 2018): gamma*|KL - C| with a growing capacity C",
             defaults<AnnealedVaeConfig>(), make_annealed_vae});
FB_REGISTER(engine::model_registry(),
            {"beta_tcvae",
             "beta-TCVAE (Chen et al. 2018): KL + (beta-1)*TC, minibatch-weighted sampling",
             defaults<BetaTcVaeConfig>(), make_beta_tcvae});
FB_REGISTER(engine::model_registry(),
            {"dip_vae_1", "DIP-VAE-I (Kumar et al. 2018): KL + covariance penalty on the means",
             dip_defaults(1), [](const Json& j, const ModelContext& c, const std::string& w) {
               return make_dip_vae(1, j, c, w);
             }});
FB_REGISTER(engine::model_registry(),
            {"dip_vae_2",
             "DIP-VAE-II (Kumar et al. 2018): KL + covariance penalty on the aggregate posterior",
             dip_defaults(2), [](const Json& j, const ModelContext& c, const std::string& w) {
               return make_dip_vae(2, j, c, w);
             }});

}  // namespace fb::baselines
