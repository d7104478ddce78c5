#include "methods/elastic_infogan.h"

#include <cmath>
#include <initializer_list>
#include <numeric>
#include <utility>

#include "baselines/infogan.h"
#include "baselines/infogan_losses.h"
#include "baselines/spectral_norm.h"
#include "core/error.h"
#include "core/rng.h"
#include "engine/runtime.h"
#include "methods/elastic_infogan_losses.h"
#include "methods/identity_transform.h"

namespace fb::methods {

void ElasticInfoGanConfig::validate(const std::string& where) const {
  require(!factor.empty(), where + ".factor", "must name a dataset factor", "''");
  require(num_classes >= 2 && num_classes <= 64, where + ".num_classes", "must be in 2..64",
          std::to_string(num_classes));
  require(num_continuous >= 0 && num_continuous <= 64, where + ".num_continuous",
          "must be in 0..64", std::to_string(num_continuous));
  require(noise_dim >= 0 && noise_dim <= 1024, where + ".noise_dim", "must be in 0..1024",
          std::to_string(noise_dim));
  require(prior == "uniform" || prior == "ground_truth" || prior == "learned", where + ".prior",
          "must be uniform, ground_truth or learned", "'" + prior + "'");
  if (prior == "ground_truth") {
    require(static_cast<std::int64_t>(class_prior.size()) == num_classes, where + ".class_prior",
            "needs num_classes (" + std::to_string(num_classes) + ") probabilities",
            std::to_string(class_prior.size()) + " values");
    double total = 0;
    for (double p : class_prior) {
      require(p > 0 && std::isfinite(p), where + ".class_prior", "every probability must be > 0",
              format_number(p));
      total += p;
    }
    require(std::abs(total - 1.0) < 1e-6, where + ".class_prior", "must sum to 1",
            format_number(total));
  }
  require(temperature > 0 && std::isfinite(temperature), where + ".temperature", "must be > 0",
          format_number(temperature));
  const std::initializer_list<std::pair<const char*, double>> weights = {
      {"lambda_info", lambda_info},
      {"lambda_continuous", lambda_continuous},
      {"lambda_trans", lambda_trans},
      {"lambda_ent", lambda_ent}};
  for (const auto& [name, value] : weights)
    require(value >= 0 && std::isfinite(value), where + "." + name, "must be >= 0",
            format_number(value));
  engine::require_gan_adam(where, generator_lr, discriminator_lr, adam_beta1, adam_beta2);
  require(generator_steps >= 1 && generator_steps <= 16, where + ".generator_steps",
          "must be in 1..16", std::to_string(generator_steps));
}

CategoricalPriorImpl::CategoricalPriorImpl(const torch::Tensor& initial_logits, bool trainable) {
  logits = register_parameter("logits", initial_logits.clone(), trainable);
}

namespace {

torch::Tensor initial_logits(const ElasticInfoGanConfig& c) {
  // uniform and learned start at p uniform; ground_truth is log p (softmax(log p) = p).
  if (c.prior != "ground_truth") return torch::zeros({c.num_classes});
  return torch::tensor(c.class_prior, torch::kFloat64).log().to(torch::kFloat32);
}

}  // namespace

ElasticInfoGan::ElasticInfoGan(const ElasticInfoGanConfig& config, const engine::ModelContext& ctx)
    : engine::Model(ctx.device), config_(config) {
  baselines::require_gan_geometry(name(), ctx);
  const int k = static_cast<int>(config.num_classes + config.num_continuous);
  generator_ = register_module(
      "generator", baselines::GanGenerator(k + static_cast<int>(config.noise_dim), ctx.channels));
  discriminator_ = register_module("discriminator", baselines::GanDiscriminator(ctx.channels, k));
  prior_ =
      register_module("prior", CategoricalPrior(initial_logits(config), config.prior == "learned"));
  // Initialise on the CPU from the run seed, then move: the same weights on every device.
  torch::Generator init =
      engine::make_generator(torch::kCPU, Rng::derive(ctx.seed, "init").next_u64());
  baselines::initialise_infogan(*generator_, init);
  baselines::initialise_infogan(*discriminator_, init);
  generator_->to(ctx.device);
  discriminator_->to(ctx.device);
  prior_->to(ctx.device);
  auto adam = [&](std::vector<torch::Tensor> params, double lr) {
    return std::make_shared<torch::optim::Adam>(
        params, torch::optim::AdamOptions(lr).betas(
                    std::make_tuple(config_.adam_beta1, config_.adam_beta2)));
  };
  std::vector<torch::Tensor> g_params = generator_->parameters();
  if (config.prior == "learned") g_params.push_back(prior_->logits);
  generator_optimizer_ = register_optimizer("generator", adam(g_params, config.generator_lr));
  discriminator_optimizer_ = register_optimizer(
      "discriminator", adam(discriminator_->parameters(), config.discriminator_lr));
}

int ElasticInfoGan::factor_index(const data::Dataset& dataset) const {
  const auto& factors = dataset.factors();
  for (int f = 0; f < static_cast<int>(factors.size()); ++f)
    if (factors[f].name == config_.factor) {
      if (factors[f].size() != config_.num_classes)
        throw ConfigError("elastic_infogan.num_classes: must equal the classes of factor '" +
                          config_.factor + "' (" + std::to_string(factors[f].size()) + "), got " +
                          std::to_string(config_.num_classes));
      return f;
    }
  throw ConfigError("elastic_infogan.factor: dataset '" + dataset.name() + "' has no factor '" +
                    config_.factor + "'");
}

ElasticInfoGan::Feed ElasticInfoGan::sample_feed(const torch::Tensor& real,
                                                 engine::StepContext& ctx) const {
  const std::int64_t b = real.size(0);
  Feed feed;
  feed.real = real;
  feed.gumbel = gumbel_noise(b, config_.num_classes, ctx.noise, real.device());
  feed.continuous = baselines::uniform_latents(b, config_.num_continuous, ctx.noise, real.device());
  feed.noise = baselines::uniform_latents(b, config_.noise_dim, ctx.noise, real.device());
  if (config_.use_trans_loss) {
    if (ctx.dataset == nullptr || !ctx.classes.defined() || ctx.classes.size(0) != b)
      throw ConfigError(
          "elastic_infogan.use_trans_loss: needs the real batch's factor classes and the dataset "
          "oracle (train it with `factorbench train`, or set use_trans_loss false)");
    feed.delta = identity_preserving_render(*ctx.dataset, ctx.classes, factor_index(*ctx.dataset),
                                            ctx.noise, real.device());
  }
  return feed;
}

torch::Tensor ElasticInfoGan::categorical(const Feed& feed) const {
  return gumbel_softmax(prior_->logits, feed.gumbel, config_.temperature, config_.hard_sample);
}

torch::Tensor ElasticInfoGan::latents(const torch::Tensor& categorical, const Feed& feed) const {
  return torch::cat({categorical, feed.continuous, feed.noise}, 1);
}

torch::Tensor ElasticInfoGan::info_terms(const torch::Tensor& q_out,
                                         const torch::Tensor& categorical, const Feed& feed) const {
  const std::int64_t k = config_.num_classes;
  // The sampled code is the target; the prior learns only from the adversarial signal (what the
  // data's class frequencies demand), not from making Q's task easier.
  torch::Tensor info =
      config_.lambda_info * categorical_info_loss(q_out.slice(1, 0, k), categorical.detach());
  if (config_.num_continuous > 0)
    info = info + config_.lambda_continuous *
                      baselines::info_loss(q_out.slice(1, k), feed.continuous);  // σ = 1 Gaussian
  return info;
}

void ElasticInfoGan::discriminator_step(const Feed& feed, engine::Losses& log) {
  torch::Tensor codes, fake;
  {
    torch::NoGradGuard no_grad;
    codes = categorical(feed);
    generator_->train();
    fake = generator_->forward(latents(codes, feed));
  }
  const std::int64_t b = feed.real.size(0), k = config_.num_classes;
  std::vector<torch::Tensor> batch{feed.real, fake};
  if (feed.delta.defined()) batch.push_back(feed.delta);
  // One forward: D has no batch norm, so every row sees the same normalised weights.
  auto out = discriminator_->forward(torch::cat(batch, 0));
  torch::Tensor d_real = out.probability.slice(0, 0, b),
                d_fake = out.probability.slice(0, b, 2 * b);
  torch::Tensor d_loss = baselines::discriminator_gan_loss(d_real, d_fake);
  torch::Tensor info = info_terms(out.codes.slice(0, b, 2 * b), codes, feed);
  torch::Tensor loss = d_loss + info;  // V_InfoGAN, D+Q side
  torch::Tensor trans = torch::zeros({}, d_loss.options()), ent = trans;
  if (feed.delta.defined()) {
    torch::Tensor logits_x = out.codes.slice(0, 0, b).slice(1, 0, k);
    torch::Tensor logits_delta = out.codes.slice(0, 2 * b).slice(1, 0, k);
    trans = transformation_loss(torch::softmax(logits_x, 1), torch::softmax(logits_delta, 1));
    ent = entropy_loss(logits_x, logits_delta);
    loss = loss + config_.lambda_trans * trans + config_.lambda_ent * ent;  // + λ₂L_trans + λ₃L_ent
  }
  discriminator_optimizer_->zero_grad();
  loss.backward();
  discriminator_optimizer_->step();
  log.emplace_back("discriminator_loss", d_loss.detach());
  log.emplace_back("info_discriminator", info.detach());
  log.emplace_back("trans", trans.detach());
  log.emplace_back("entropy", ent.detach());
  log.emplace_back("d_real", d_real.detach().mean());
  log.emplace_back("d_fake", d_fake.detach().mean());
}

engine::Losses ElasticInfoGan::generator_step(const Feed& feed) {
  generator_->train();
  torch::Tensor codes = categorical(feed);  // carries gradients to the learned prior's logits
  torch::Tensor fake = generator_->forward(latents(codes, feed));
  auto out = discriminator_->forward(fake);
  torch::Tensor adversarial = baselines::generator_gan_loss(out.probability);
  torch::Tensor info = info_terms(out.codes, codes, feed);
  torch::Tensor loss = adversarial + info;  // V_InfoGAN, G side
  // Gradients for G (and the prior) only: D/Q are held fixed in this step.
  std::vector<torch::Tensor> params = generator_->parameters();
  if (config_.prior == "learned") params.push_back(prior_->logits);
  auto grads = torch::autograd::grad({loss}, params, {}, false, false, /*allow_unused=*/true);
  for (std::size_t i = 0; i < params.size(); ++i)
    params[i].mutable_grad() = grads[i].defined() ? grads[i] : torch::zeros_like(params[i]);
  generator_optimizer_->step();
  return {{"loss", loss.detach()},
          {"generator_adversarial", adversarial.detach()},
          {"info", info.detach()}};
}

engine::Losses ElasticInfoGan::train_step(const torch::Tensor& images, engine::StepContext& ctx) {
  const Feed feed = sample_feed(images, ctx);
  engine::Losses d_log;
  discriminator_step(feed, d_log);
  engine::Losses log;
  for (std::int64_t s = 0; s < config_.generator_steps; ++s) log = generator_step(feed);
  baselines::update_spectral_norms(*discriminator_);
  for (auto& term : d_log) log.push_back(std::move(term));
  torch::Tensor p = prior_probabilities();
  for (std::int64_t i = 0; i < config_.num_classes; ++i)
    log.emplace_back("prior_" + std::to_string(i), p[i]);
  return log;
}

engine::Encoding ElasticInfoGan::encode(const torch::Tensor& images) {
  torch::NoGradGuard no_grad;
  discriminator_->eval();
  torch::Tensor q = discriminator_->q(images);
  const std::int64_t k = config_.num_classes;
  return {torch::cat({torch::softmax(q.slice(1, 0, k), 1), q.slice(1, k)}, 1), torch::Tensor()};
}

torch::Tensor ElasticInfoGan::generate(const torch::Tensor& codes, const torch::Tensor& noise) {
  torch::NoGradGuard no_grad;
  generator_->eval();
  const torch::Tensor z = engine::generator_noise("elastic_infogan", codes, noise, latent_dim(), config_.noise_dim);
  return generator_->forward(torch::cat({codes, z}, 1));
}

torch::Tensor ElasticInfoGan::generate_class(std::int64_t value, std::int64_t n,
                                             torch::Generator& gen) {
  if (value < 0 || value >= config_.num_classes)
    throw ConfigError("elastic_infogan: categorical value " + std::to_string(value) +
                      " outside 0.." + std::to_string(config_.num_classes - 1));
  torch::Tensor one_hot =
      torch::zeros({n, config_.num_classes}, torch::TensorOptions().device(device()));
  one_hot.select(1, value).fill_(1.0);
  torch::Tensor cont = baselines::uniform_latents(n, config_.num_continuous, gen, device());
  torch::Tensor noise = baselines::uniform_latents(n, config_.noise_dim, gen, device());
  return generate(torch::cat({one_hot, cont}, 1), noise);
}

torch::Tensor ElasticInfoGan::sample_images(std::int64_t n, torch::Generator& gen) {
  torch::Tensor cls = torch::multinomial(prior_probabilities().expand({n, config_.num_classes}), 1,
                                         /*replacement=*/true, gen);
  torch::Tensor one_hot =
      torch::zeros({n, config_.num_classes}, torch::TensorOptions().device(device()))
          .scatter_(1, cls, 1.0);
  torch::Tensor cont = baselines::uniform_latents(n, config_.num_continuous, gen, device());
  torch::Tensor noise = baselines::uniform_latents(n, config_.noise_dim, gen, device());
  return generate(torch::cat({one_hot, cont}, 1), noise);
}

torch::Tensor ElasticInfoGan::prior_probabilities() const {
  return torch::softmax(prior_->logits.detach(), 0);
}

std::optional<engine::CategoricalCode> ElasticInfoGan::categorical_code() const {
  torch::Tensor p = prior_probabilities().to(torch::kCPU, torch::kFloat64).contiguous();
  return engine::CategoricalCode{
      config_.factor, config_.num_classes,
      std::vector<double>(p.data_ptr<double>(), p.data_ptr<double>() + p.numel())};
}

namespace {

std::unique_ptr<engine::Model> make_elastic_infogan(const Json& json,
                                                    const engine::ModelContext& ctx,
                                                    const std::string& where) {
  return std::make_unique<ElasticInfoGan>(parse<ElasticInfoGanConfig>(json, where), ctx);
}

}  // namespace

FB_REGISTER(engine::model_registry(),
            {"elastic_infogan",
             "Elastic-InfoGAN: InfoGAN with a categorical code whose prior is learned through "
             "Gumbel-softmax, plus identity-invariance losses on Q (prior uniform | ground_truth | "
             "learned; use_trans_loss)",
             to_json(ElasticInfoGanConfig{}), make_elastic_infogan});

}  // namespace fb::methods
