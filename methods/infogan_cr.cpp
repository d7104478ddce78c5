#include "methods/infogan_cr.h"

#include <cmath>

#include "core/error.h"
#include "core/rng.h"
#include "engine/runtime.h"

namespace fb::methods {

void InfoGanCrConfig::validate(const std::string& where) const {
  common.validate(where);
  require(alpha >= 0 && std::isfinite(alpha), where + ".alpha", "must be >= 0",
          format_number(alpha));
  require(cr_start_fraction >= 0 && cr_start_fraction <= 1, where + ".cr_start_fraction",
          "must be in [0, 1]", format_number(cr_start_fraction));
  require(gap_change_fraction >= 0 && gap_change_fraction <= 1, where + ".gap_change_fraction",
          "must be in [0, 1]", format_number(gap_change_fraction));
  require(gap >= 0 && gap < 2, where + ".gap", "must be in [0, 2)", format_number(gap));
  require(final_gap >= 0 && final_gap < 2, where + ".final_gap", "must be in [0, 2)",
          format_number(final_gap));
  require(cr_lr > 0 && std::isfinite(cr_lr), where + ".cr_lr", "must be > 0", format_number(cr_lr));
  require(reference_steps > 0, where + ".reference_steps", "must be > 0",
          std::to_string(reference_steps));
}

InfoGanCrConfig infogan_cr_preset(const std::string& preset, const std::string& where) {
  InfoGanCrConfig c;
  c.common = baselines::infogan_preset(preset, where);
  if (preset == "teapots") {
    c.alpha = 3.0;
    c.cr_start_fraction = 50000.0 / 125000.0;
    c.gap = 1.9;
    c.final_gap = 0.0;
    c.gap_change_fraction = 85000.0 / 125000.0;
    c.cr_spectral_norm = false;
    c.cr_batch_norm = true;
    c.reference_steps = 125000;
  }
  return c;
}

CrSchedule resolve_schedule(const InfoGanCrConfig& c, std::int64_t total_steps) {
  CrSchedule s;
  s.total_steps = total_steps > 0 ? total_steps : c.reference_steps;
  const double total = static_cast<double>(s.total_steps);
  s.cr_start = std::llround(c.cr_start_fraction * total);
  s.gap_change = std::llround(c.gap_change_fraction * total);
  s.alpha = c.alpha;
  s.gap = c.gap;
  s.final_gap = c.final_gap;
  return s;
}

InfoGanCr::InfoGanCr(const InfoGanCrConfig& config, const engine::ModelContext& ctx)
    : baselines::InfoGan("infogan_cr", to_json(config), config.common, ctx),
      cr_config_(config),
      channels_(ctx.channels),
      schedule_(resolve_schedule(config, ctx.total_steps)) {
  h_ = register_module("cr_discriminator", make_h());
  torch::Generator init = engine::make_generator(
      torch::kCPU, Rng::derive(ctx.seed, "init:cr_discriminator").next_u64());
  baselines::initialise_infogan(*h_, init);
  h_->to(ctx.device);
  h_optimizer_ =
      register_optimizer("cr_discriminator", common_.make_adam(h_->parameters(), config.cr_lr));
}

CrDiscriminator InfoGanCr::make_h() const {
  return CrDiscriminator(channels_, static_cast<int>(common_.num_codes),
                         cr_config_.cr_spectral_norm, cr_config_.cr_batch_norm);
}

void InfoGanCr::reset_cr_discriminator(std::int64_t step) {
  // A fresh H drawn on the CPU, copied into the live one so the optimiser keeps its parameter
  // handles. Only the parameters are copied: the reference runs tf.initialize_variables on
  // crDiscriminator.trainable_vars, so the non-trainable variables (spectral-norm u, batch-norm
  // moving statistics) carry on from before the reset (issue #16 item 5).
  CrDiscriminator fresh = make_h();
  torch::Generator init = engine::make_generator(
      torch::kCPU, Rng::derive(seed_, "init:cr_discriminator:" + std::to_string(step)).next_u64());
  baselines::initialise_infogan(*fresh, init);
  {
    torch::NoGradGuard no_grad;
    auto target = h_->named_parameters(), source = fresh->named_parameters();
    for (const auto& item : source) target[item.key()].copy_(item.value());
  }
  h_optimizer_->zero_grad();
  h_optimizer_->state().clear();
}

torch::Tensor InfoGanCr::pair_loss(const CrPairs& pairs, bool train_generator,
                                   bool generator_grad) {
  std::pair<torch::Tensor, torch::Tensor> images;
  {
    torch::AutoGradMode grad_mode(generator_grad);
    if (train_generator)
      generator_->train();
    else
      generator_->eval();
    images = generate_pair_images(generator_, pairs);
  }
  return contrastive_loss(h_->forward(images.first, images.second), pairs.index);
}

std::vector<torch::Tensor> InfoGanCr::probe(const torch::Tensor& images, torch::Generator& gen) {
  auto out = InfoGan::probe(images, gen);
  h_->train();
  out.push_back(h_->forward(images, images.flip({0})));
  return out;
}

engine::Losses InfoGanCr::train_step(const torch::Tensor& images, engine::StepContext& ctx) {
  const std::int64_t step = ctx.step;
  if (schedule_.resets_h_at(step)) reset_cr_discriminator(step);
  const double alpha = schedule_.alpha_at(step), gap = schedule_.gap_at(step);
  const bool cr_on = alpha > 0;

  // One feed for all four updates: real batch, (c, z) batch, then the pairs.
  const baselines::GanFeed feed = sample_feed(images, ctx.noise);
  const CrPairs pairs = sample_cr_pairs(images.size(0), common_.num_codes, common_.noise_dim, gap,
                                        ctx.noise, images.device());

  // 1. H step: H minimises CR on pairs from the current G (no gradient into G).
  h_->train();
  torch::Tensor h_loss = pair_loss(pairs, /*train_generator=*/cr_on, /*generator_grad=*/false);
  h_optimizer_->zero_grad();
  h_loss.backward();
  h_optimizer_->step();

  // 2. D+Q step.
  engine::Losses d_log;
  discriminator_step(feed, d_log);

  // 3. Two G steps on the same feed; G cooperates with H through +α·CR (Lin et al. 2020's
  // objective,
  //    docs/protocols.md §2.5: G minimises L_G + λ·Info + α·CR).
  engine::Losses log;
  const auto cr_term = [&] {
    return alpha * pair_loss(pairs, /*train_generator=*/true, /*generator_grad=*/true);
  };
  for (std::int64_t k = 0; k < common_.generator_steps; ++k)
    log = generator_step(feed, cr_on ? std::function<torch::Tensor()>(cr_term) : nullptr);

  // 4. Spectral-norm u written back once, from the weights at the end of the iteration.
  baselines::update_spectral_norms(*discriminator_);
  baselines::update_spectral_norms(*h_);

  const auto opts = torch::TensorOptions().dtype(torch::kFloat32).device(images.device());
  log.emplace_back("cr", h_loss.detach());
  log.emplace_back("alpha", torch::full({}, alpha, opts));
  log.emplace_back("gap", torch::full({}, gap, opts));
  for (auto& term : d_log) log.push_back(std::move(term));
  return log;
}

std::vector<engine::Snapshot> InfoGanCr::snapshots() const {
  if (schedule_.cr_start <= 0 || schedule_.cr_start > schedule_.total_steps) return {};
  return {{kInfoGanModifiedSnapshot, schedule_.cr_start}};
}

Json InfoGanCr::extra_state() const {
  return {{"schedule",
           {{"total_steps", schedule_.total_steps},
            {"cr_start", schedule_.cr_start},
            {"gap_change", schedule_.gap_change}}}};
}

void InfoGanCr::load_extra_state(const Json& state) {
  if (!state.contains("schedule")) return;
  try {
    const Json& s = state.at("schedule");
    schedule_.total_steps = s.at("total_steps").get<std::int64_t>();
    schedule_.cr_start = s.at("cr_start").get<std::int64_t>();
    schedule_.gap_change = s.at("gap_change").get<std::int64_t>();
  } catch (const Json::exception& e) {
    throw DataError("infogan_cr checkpoint: malformed schedule (" + std::string(e.what()) + ")");
  }
}

namespace {

std::unique_ptr<engine::Model> make_infogan_cr(const Json& json, const engine::ModelContext& ctx,
                                               const std::string& where) {
  Json merged = baselines::overlay_preset(
      json, where, [&](const std::string& p) { return to_json(infogan_cr_preset(p, where)); });
  return std::make_unique<InfoGanCr>(parse<InfoGanCrConfig>(merged, where), ctx);
}

}  // namespace

FB_REGISTER(
    engine::model_registry(),
    {"infogan_cr",
     "InfoGAN-CR (Lin et al. 2020): InfoGAN plus a contrastive regulariser H on code-sharing image "
     "pairs, "
     "switched on late in the run; keeps the snapshot infogan_modified; preset dsprites or teapots",
     to_json(infogan_cr_preset("dsprites", "infogan_cr")), make_infogan_cr});

}  // namespace fb::methods
