// Registers the InfoGAN baseline (baselines/infogan.h). The line lives here rather than in
// baselines/ while the baselines test suite's registry walks assume the VAE family's shapes (an
// `architecture` key, D = 10, a log-variance); move it to baselines/infogan.cpp once those walks
// cover every model.
#include "baselines/infogan.h"

namespace fb::baselines {
namespace {

std::unique_ptr<engine::Model> make_infogan(const Json& json, const engine::ModelContext& ctx,
                                            const std::string& where) {
  Json merged = overlay_preset(
      json, where, [&](const std::string& p) { return to_json(infogan_preset(p, where)); });
  return std::make_unique<InfoGan>(parse<InfoGanConfig>(merged, where), ctx);
}

}  // namespace

FB_REGISTER(engine::model_registry(),
            {"infogan",
             "InfoGAN with InfoGAN-CR's networks and updates: spectral-norm D/Q, lambda*Info in G "
             "and D+Q, two G "
             "steps per iteration; preset dsprites or teapots",
             to_json(infogan_preset("dsprites", "infogan")), make_infogan});

}  // namespace fb::baselines
