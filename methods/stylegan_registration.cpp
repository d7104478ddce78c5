// Registers info_stylegan and semi_stylegan (methods/stylegan_model.h).
#include "methods/stylegan_model.h"

namespace fb::methods {
namespace {

std::unique_ptr<engine::Model> make_info_stylegan(const Json& json, const engine::ModelContext& ctx,
                                                  const std::string& where) {
  auto c = parse<InfoStyleGanConfig>(json, where);
  StyleGanObjective objective;
  objective.gamma_g = objective.gamma_e = c.gamma;
  objective.r1_gamma = c.r1_gamma;
  return std::make_unique<StyleGanModel>("info_stylegan", to_json(c), c, objective, ctx, where);
}

std::unique_ptr<engine::Model> make_semi_stylegan(const Json& json, const engine::ModelContext& ctx,
                                                  const std::string& where) {
  // γ_G = β = γ unless given (the paper's default setting): fill them in before parsing so the
  // resolved config lists the values used.
  Json merged = json;
  if (json.is_object() && json.contains("gamma"))
    for (const char* key : {"gamma_g", "beta"})
      if (!json.contains(key)) merged[key] = json["gamma"];
  auto c = parse<SemiStyleGanConfig>(merged, where);
  StyleGanObjective objective{c.gamma_g,  c.gamma_e,          c.beta, c.alpha, c.xi,
                              c.r1_gamma, c.labelled_fraction};
  return std::make_unique<SemiStyleGan>("semi_stylegan", to_json(c), c, objective, ctx, where);
}

}  // namespace

FB_REGISTER(
    engine::model_registry(),
    {"info_stylegan",
     "Info-StyleGAN: StyleGAN-style G(c,z) with conditional styles, D sharing its trunk with "
     "the code encoder E, gamma*L_unsup in both losses; width small (0.75M) or full (47.6M)",
     to_json(InfoStyleGanConfig()), make_info_stylegan});
FB_REGISTER(engine::model_registry(),
            {"semi_stylegan",
             "Semi-StyleGAN: Info-StyleGAN plus L_sup on a seeded labelled subset and the MixUp "
             "smoothness term L_sr; defaults gamma_G = beta = 10, gamma_E = 0, alpha 1, xi 0.75",
             to_json(SemiStyleGanConfig()), make_semi_stylegan});

}  // namespace fb::methods
