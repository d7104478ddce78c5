#include "methods/stylegan_model.h"

#include <cmath>

#include "core/error.h"
#include "core/rng.h"
#include "engine/labelled_set.h"
#include "engine/noise.h"
#include "engine/runtime.h"
#include "methods/stylegan_losses.h"

namespace fb::methods {
namespace {

void require_weight(double value, const std::string& path) {
  require(value >= 0 && std::isfinite(value), path, "must be >= 0", format_number(value));
}

}  // namespace

void StyleGanCommonConfig::validate_common(const std::string& where) const {
  require(width == "small" || width == "full", where + ".width", "must be small or full", width);
  require(num_codes >= 0 && num_codes <= 64, where + ".num_codes", "must be in 0..64",
          std::to_string(num_codes));
  require_weight(r1_gamma, where + ".r1_gamma");
  validate_adam(where);
}

void InfoStyleGanConfig::validate(const std::string& where) const {
  validate_common(where);
  require_weight(gamma, where + ".gamma");
}

void SemiStyleGanConfig::validate(const std::string& where) const {
  validate_common(where);
  require_weight(gamma, where + ".gamma");
  require_weight(gamma_g, where + ".gamma_g");
  require_weight(gamma_e, where + ".gamma_e");
  require_weight(beta, where + ".beta");
  require_weight(alpha, where + ".alpha");
  require(xi > 0 && std::isfinite(xi), where + ".xi", "must be > 0", format_number(xi));
  require(labelled_fraction > 0 && labelled_fraction <= 1, where + ".labelled_fraction",
          "must be in (0, 1]", format_number(labelled_fraction));
}

StyleGanModel::StyleGanModel(std::string name, Json config, const StyleGanCommonConfig& common,
                             const StyleGanObjective& objective, const engine::ModelContext& ctx,
                             const std::string& where)
    : engine::Model(ctx.device),
      name_(std::move(name)),
      config_(std::move(config)),
      objective_(objective),
      factor_sizes_(ctx.factor_sizes) {
  if (ctx.channels != 1 && ctx.channels != 3)
    throw ConfigError("model '" + name_ + "': needs images with 1 or 3 channels (got " +
                      std::to_string(ctx.channels) + ")");
  if (ctx.height != ctx.width)
    throw ConfigError("model '" + name_ + "': needs square images (got " +
                      std::to_string(ctx.height) + "x" + std::to_string(ctx.width) + ")");
  for (std::size_t k = 0; k < factor_sizes_.size(); ++k)
    if (factor_sizes_[k] > 1) kept_factors_.push_back(static_cast<std::int64_t>(k));
  std::int64_t k = common.num_codes;
  const bool semi = objective.labelled_fraction > 0;
  if (k == 0) {
    if (factor_sizes_.empty())
      throw ConfigError(where +
                        ".num_codes: 0 takes K from the dataset's factors, which are "
                        "unknown here; set num_codes");
    k = static_cast<std::int64_t>(kept_factors_.size());
  }
  if (semi && (factor_sizes_.empty() || k != static_cast<std::int64_t>(kept_factors_.size())))
    throw ConfigError(where + ".num_codes: Semi-StyleGAN's codes are the dataset's " +
                      std::to_string(kept_factors_.size()) +
                      " non-constant factors; leave num_codes at 0 (got " +
                      std::to_string(common.num_codes) + ")");
  if (k < 1)
    throw ConfigError(where + ".num_codes: the dataset has no varying factor; set num_codes");
  arch_ = stylegan_architecture(common.width, ctx.height, ctx.channels, static_cast<int>(k), where);

  generator_ = register_module("generator", StyleGenerator(arch_));
  discriminator_ = register_module("discriminator", StyleDiscriminator(arch_));
  // Initialise on the CPU from the run seed, then move: the same weights on every device.
  torch::Generator init =
      engine::make_generator(torch::kCPU, Rng::derive(ctx.seed, "init").next_u64());
  generator_->initialise(init);
  discriminator_->initialise(init);
  generator_->to(ctx.device);
  discriminator_->to(ctx.device);
  generator_optimizer_ = register_optimizer(
      "generator", common.make_adam(generator_->parameters(), common.generator_lr));
  discriminator_optimizer_ = register_optimizer(
      "discriminator", common.make_adam(discriminator_->parameters(), common.discriminator_lr));
}

torch::Tensor StyleGanModel::draw_codes(std::int64_t n, torch::Generator& gen) const {
  return engine::rand({n, arch_.num_codes}, gen,
                      torch::TensorOptions().dtype(torch::kFloat32).device(device()));
}

torch::Tensor StyleGanModel::draw_z(std::int64_t n, torch::Generator& gen) const {
  return engine::randn({n, arch_.noise_dim}, gen,
                       torch::TensorOptions().dtype(torch::kFloat32).device(device()));
}

StyleGanModel::LabelledBatch StyleGanModel::draw_labelled(const engine::StepContext& ctx,
                                                          std::int64_t n) const {
  if (labelled_ == nullptr || labelled_->size() == 0)
    throw ConfigError("model '" + name_ +
                      "': needs the labels of its labelled subset (train it with the trainer, "
                      "which hands them over through use_labelled())");
  // Uniform with replacement from J, drawn from the step's generator (resumable without extra
  // state).
  auto gen = ctx.noise;
  torch::Tensor rows = engine::randint(
      labelled_->size(), {n}, gen, torch::TensorOptions().dtype(torch::kInt64).device(device()));
  torch::Tensor classes = labelled_->classes.index_select(0, rows);
  return {labelled_->images_at(rows), codes_from_classes(classes, factor_sizes_, kept_factors_)};
}

void StyleGanModel::discriminator_step(const torch::Tensor& real_images,
                                       const LabelledBatch* labelled, engine::StepContext& ctx,
                                       engine::Losses& log) {
  const std::int64_t b = real_images.size(0);
  torch::Tensor codes = draw_codes(b, ctx.noise), z = draw_z(b, ctx.noise);
  torch::Tensor fake;
  {
    torch::NoGradGuard no_grad;
    fake = generator_->forward(codes, z, &ctx.noise);
  }
  torch::Tensor real = real_images.detach().requires_grad_(objective_.r1_gamma > 0);
  // Reals get their own D forward so R1's double backward spans B rows only; the fakes and, for
  // Semi-StyleGAN, the labelled batch and its MixUp with the fakes (eq. 5) share a second one (D
  // has no batch statistics, so splitting or stacking gives the same outputs).
  auto real_out = discriminator_->forward(real);
  std::vector<torch::Tensor> inputs{fake};
  torch::Tensor mixed_codes;
  if (labelled) {
    torch::Tensor weights = mixup_weights(b, objective_.xi, ctx.noise, device());
    inputs.push_back(labelled->images);
    inputs.push_back(mix(labelled->images, fake, weights));
    mixed_codes = mix(labelled->codes, codes, weights);
  }
  auto out = discriminator_->forward(torch::cat(inputs, 0));
  auto rows = [&](const torch::Tensor& t, int i) { return t.slice(0, i * b, (i + 1) * b); };
  torch::Tensor real_logits = real_out.logit, fake_logits = rows(out.logit, 0);
  torch::Tensor gan = discriminator_logistic(real_logits, fake_logits);  // −L_GAN, D side
  torch::Tensor r1 =
      objective_.r1_gamma > 0 ? r1_penalty(real_logits, real) : torch::zeros({}, real.options());
  torch::Tensor unsup = code_reconstruction(rows(out.codes, 0), codes);  // eq. 1 on G's samples
  torch::Tensor loss = gan + 0.5 * objective_.r1_gamma * r1 + objective_.gamma_e * unsup;
  torch::Tensor sup, sr;
  if (labelled) {
    sup = code_reconstruction(rows(out.codes, 1), labelled->codes);  // eq. 3
    sr = code_reconstruction(rows(out.codes, 2), mixed_codes);       // eq. 6
    loss = loss + objective_.beta * sup + objective_.alpha * sr;     // eq. 7, L^(D,E)
  }
  discriminator_optimizer_->zero_grad();
  loss.backward();
  discriminator_optimizer_->step();
  log.emplace_back("discriminator_loss", loss.detach());
  log.emplace_back("discriminator_gan", gan.detach());
  log.emplace_back("r1", r1.detach());
  log.emplace_back("unsup_e", unsup.detach());
  if (labelled) {
    log.emplace_back("sup", sup.detach());
    log.emplace_back("sr_e", sr.detach());
  }
  log.emplace_back("d_real", torch::sigmoid(real_logits.detach()).mean());
  log.emplace_back("d_fake", torch::sigmoid(fake_logits.detach()).mean());
}

engine::Losses StyleGanModel::generator_step(std::int64_t b, const LabelledBatch* labelled,
                                             engine::StepContext& ctx) {
  torch::Tensor codes = draw_codes(b, ctx.noise), z = draw_z(b, ctx.noise);
  torch::Tensor fake = generator_->forward(codes, z, &ctx.noise);
  std::vector<torch::Tensor> inputs{fake};
  torch::Tensor mixed_codes;
  if (labelled && objective_.alpha > 0) {
    // L_sr reaches G through the generated half x' of each mixed image.
    torch::Tensor weights = mixup_weights(b, objective_.xi, ctx.noise, device());
    inputs.push_back(mix(labelled->images, fake, weights));
    mixed_codes = mix(labelled->codes, codes, weights);
  }
  auto out = discriminator_->forward(torch::cat(inputs, 0));
  torch::Tensor fake_logits = out.logit.slice(0, 0, b);
  torch::Tensor gan = generator_logistic(fake_logits);  // L_GAN, non-saturating G side
  torch::Tensor unsup = code_reconstruction(out.codes.slice(0, 0, b), codes);  // eq. 1
  torch::Tensor loss = gan + objective_.gamma_g * unsup;                       // eq. 2 / 7, L^(G)
  torch::Tensor sr;
  if (labelled) {
    sr = mixed_codes.defined() ? code_reconstruction(out.codes.slice(0, b), mixed_codes)
                               : torch::zeros({}, fake.options());
    loss = loss + objective_.alpha * sr;
  }
  // Gradients for G's parameters only: D and E are fixed in this step.
  const std::vector<torch::Tensor> params = generator_->parameters();
  auto grads = torch::autograd::grad({loss}, params);
  for (std::size_t i = 0; i < params.size(); ++i) params[i].mutable_grad() = grads[i];
  generator_optimizer_->step();
  engine::Losses log{
      {"loss", loss.detach()}, {"generator_gan", gan.detach()}, {"unsup_g", unsup.detach()}};
  if (labelled) log.emplace_back("sr_g", sr.detach());
  return log;
}

engine::Losses StyleGanModel::train_step(const torch::Tensor& images, engine::StepContext& ctx) {
  generator_->train();
  discriminator_->train();
  const std::int64_t b = images.size(0);
  LabelledBatch labelled;
  const bool semi = objective_.labelled_fraction > 0;
  if (semi) labelled = draw_labelled(ctx, b);
  engine::Losses d_log;
  discriminator_step(images, semi ? &labelled : nullptr, ctx, d_log);
  engine::Losses log = generator_step(b, semi ? &labelled : nullptr, ctx);
  for (auto& term : d_log) log.push_back(std::move(term));
  return log;
}

engine::Encoding StyleGanModel::encode(const torch::Tensor& images) {
  torch::NoGradGuard no_grad;
  discriminator_->eval();
  return {discriminator_->forward(images).codes, torch::Tensor()};
}

std::vector<torch::Tensor> StyleGanModel::probe(const torch::Tensor& images,
                                                torch::Generator& gen) {
  generator_->train();
  discriminator_->train();
  const std::int64_t b = images.size(0);
  torch::Tensor codes = draw_codes(b, gen).requires_grad_(true);
  torch::Tensor z = draw_z(b, gen).requires_grad_(true);
  auto d = discriminator_->forward(images);
  return {generator_->forward(codes, z), d.logit, d.codes};
}

torch::Tensor StyleGanModel::generate(const torch::Tensor& codes, const torch::Tensor& noise) {
  torch::NoGradGuard no_grad;
  generator_->eval();
  const torch::Tensor z =
      engine::generator_noise(name_, codes, noise, arch_.num_codes, arch_.noise_dim);
  return generator_->forward(codes, z, nullptr);
}

}  // namespace fb::methods
