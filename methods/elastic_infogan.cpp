#include "methods/elastic_infogan.h"

#include <cmath>
#include <initializer_list>
#include <utility>

#include "baselines/infogan_losses.h"
#include "core/error.h"
#include "core/rng.h"
#include "engine/noise.h"
#include "engine/runtime.h"
#include "methods/elastic_infogan_losses.h"

namespace fb::methods {

void ElasticInfoGanConfig::validate(const std::string& where) const {
  require(!factor.empty(), where + ".factor", "must name a dataset factor", "''");
  require(num_classes >= 2 && num_classes <= 64, where + ".num_classes", "must be in 2..64",
          std::to_string(num_classes));
  require(num_continuous >= 0 && num_continuous <= 64, where + ".num_continuous",
          "must be in 0..64", std::to_string(num_continuous));
  require(noise_dim >= 0 && noise_dim <= 1024, where + ".noise_dim", "must be in 0..1024",
          std::to_string(noise_dim));
  require(conv_stages >= 0 && conv_stages <= 6, where + ".conv_stages", "must be in 0..6",
          std::to_string(conv_stages));
  require(prior == "uniform" || prior == "ground_truth" || prior == "learned", where + ".prior",
          "must be uniform, ground_truth or learned", "'" + prior + "'");
  if (prior == "ground_truth" && !class_prior.empty()) {
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
  for (const auto& [name, value] : {std::pair<const char*, double>{"temperature", temperature},
                                    {"trans_temperature", trans_temperature}})
    require(value > 0 && std::isfinite(value), where + "." + name, "must be > 0",
            format_number(value));
  const std::initializer_list<std::pair<const char*, double>> weights = {
      {"lambda_info", lambda_info},
      {"lambda_continuous", lambda_continuous},
      {"lambda_trans", lambda_trans},
      {"lambda_ent", lambda_ent}};
  for (const auto& [name, value] : weights)
    require(value >= 0 && std::isfinite(value), where + "." + name, "must be >= 0",
            format_number(value));
  validate_adam(where);
  require(max_rotation >= 0 && max_rotation <= 90, where + ".max_rotation", "must be in 0..90",
          std::to_string(max_rotation));
  require(zoom_min > 0 && std::isfinite(zoom_min), where + ".zoom_min", "must be > 0",
          format_number(zoom_min));
  require(zoom_max >= zoom_min && std::isfinite(zoom_max), where + ".zoom_max",
          "must be >= zoom_min", format_number(zoom_max));
  for (const auto& [name, value] :
       {std::pair<const char*, std::int64_t>{"distortion_grid_width", distortion_grid_width},
        {"distortion_grid_height", distortion_grid_height}})
    require(value >= 1 && value <= 16, where + "." + name, "must be in 1..16",
            std::to_string(value));
  require(distortion_magnitude >= 0 && distortion_magnitude <= 64, where + ".distortion_magnitude",
          "must be in 0..64", std::to_string(distortion_magnitude));
}

AugmentSettings ElasticInfoGanConfig::augment() const {
  AugmentSettings s;
  s.max_rotation = max_rotation;
  s.zoom_min = zoom_min;
  s.zoom_max = zoom_max;
  s.grid_width = distortion_grid_width;
  s.grid_height = distortion_grid_height;
  s.magnitude = distortion_magnitude;
  return s;
}

CategoricalPriorImpl::CategoricalPriorImpl(const torch::Tensor& initial_logits, bool trainable) {
  logits = register_parameter("logits", initial_logits.clone(), trainable);
}

namespace {

torch::Tensor initial_logits(const ElasticInfoGanConfig& c) {
  // uniform and learned start at p uniform (the released prior starts at 1/k for every class);
  // ground_truth is log p (softmax(log p) = p).
  if (c.prior != "ground_truth") return torch::zeros({c.num_classes});  // c: the resolved config
  return torch::tensor(c.class_prior, torch::kFloat64).log().to(torch::kFloat32);
}

// The ground-truth prior from the training data when the config leaves class_prior empty (the
// MNIST splits each have their own class distribution); the result is what config() reports.
ElasticInfoGanConfig resolve_prior(ElasticInfoGanConfig c, const engine::ModelContext& ctx) {
  if (c.prior != "ground_truth" || !c.class_prior.empty()) return c;
  const auto it = ctx.factor_frequencies.find(c.factor);
  if (it == ctx.factor_frequencies.end())
    throw ConfigError(
        "elastic_infogan.class_prior: empty, and the class frequencies of factor '" + c.factor +
        "' are unknown here (train it on a dataset with that factor, or give the prior)");
  c.class_prior = it->second;
  c.validate("elastic_infogan (class_prior from the training data)");
  return c;
}

// nn.BCELoss as the released code uses it: batch mean, each log clamped at −100.
torch::Tensor bce(const torch::Tensor& probability, double target) {
  return torch::binary_cross_entropy(probability, torch::full_like(probability, target));
}

}  // namespace

ElasticInfoGan::ElasticInfoGan(const ElasticInfoGanConfig& config, const engine::ModelContext& ctx)
    : engine::Model(ctx.device), config_(resolve_prior(config, ctx)) {
  const int k = static_cast<int>(config.num_classes + config.num_continuous);
  const int stages = elastic_stages(ctx.height, ctx.width, static_cast<int>(config.conv_stages));
  generator_ =
      register_module("generator", ElasticGenerator(static_cast<int>(config.noise_dim) + k,
                                                    ctx.channels, ctx.height, ctx.width, stages));
  trunk_ = register_module("trunk", ElasticTrunk(ctx.channels, ctx.height, ctx.width, stages));
  d_head_ = register_module("d_head", torch::nn::Linear(1024, 1));
  q_head_ = register_module("q_head", ElasticQHead(k));
  prior_ = register_module("prior",
                           CategoricalPrior(initial_logits(config_), config.prior == "learned"));
  // Initialise on the CPU from the run seed, then move: the same weights on every device.
  torch::Generator init =
      engine::make_generator(torch::kCPU, Rng::derive(ctx.seed, "init").next_u64());
  for (torch::nn::Module* m : std::initializer_list<torch::nn::Module*>{
           generator_.get(), trunk_.get(), d_head_.get(), q_head_.get()}) {
    initialise_elastic(*m, init);
    m->to(ctx.device);
  }
  prior_->to(ctx.device);
  generator_optimizer_ =
      register_optimizer("generator", config.make_adam(generator_group(), config.generator_lr));
  discriminator_optimizer_ = register_optimizer(
      "discriminator", config.make_adam(discriminator_group(), config.discriminator_lr));
}

std::vector<torch::Tensor> ElasticInfoGan::generator_group() const {
  // The released G_optimizer: G, Q (its head only: FC 128, BN, FC k) and the prior parameters.
  std::vector<torch::Tensor> params = generator_->parameters();
  for (const auto& p : q_head_->parameters()) params.push_back(p);
  if (config_.prior == "learned") params.push_back(prior_->logits);
  return params;
}

std::vector<torch::Tensor> ElasticInfoGan::discriminator_group() const {
  // The released D_optimizer: the shared trunk FE and D.
  std::vector<torch::Tensor> params = trunk_->parameters();
  for (const auto& p : d_head_->parameters()) params.push_back(p);
  return params;
}

ElasticInfoGan::Feed ElasticInfoGan::sample_feed(const torch::Tensor& images,
                                                 engine::StepContext& ctx) const {
  const std::int64_t b = images.size(0);
  const auto opts = torch::TensorOptions().device(images.device());
  Feed feed;
  feed.real = images * 2.0 - 1.0;  // transforms.Normalize(0.5, 0.5)
  if (config_.use_trans_loss)
    feed.delta = augment_batch(images, config_.augment(), ctx.noise) * 2.0 - 1.0;
  feed.noise = engine::randn({b, config_.noise_dim}, ctx.noise, opts);
  feed.gumbel = gumbel_noise(b, config_.num_classes, ctx.noise, images.device());
  feed.continuous =
      baselines::uniform_latents(b, config_.num_continuous, ctx.noise, images.device());
  return feed;
}

torch::Tensor ElasticInfoGan::latents(const torch::Tensor& categorical,
                                      const torch::Tensor& continuous,
                                      const torch::Tensor& noise) const {
  return torch::cat({noise, categorical, continuous}, 1);  // the released G: cat([z, code])
}

engine::Losses ElasticInfoGan::train_step(const torch::Tensor& images, engine::StepContext& ctx) {
  const Feed feed = sample_feed(images, ctx);
  const std::int64_t k = config_.num_classes;
  generator_->train();
  trunk_->train();
  q_head_->train();
  // One Gumbel-softmax draw per iteration, with gradients to the learned logits (approx_latent).
  const torch::Tensor codes =
      gumbel_softmax(prior_->logits, feed.gumbel, config_.temperature, config_.hard_sample);
  const torch::Tensor fake = generator_->forward(latents(codes, feed.continuous, feed.noise));

  // D step. The trunk encodes x and δ(x) before its update; NT-Xent later reads these features
  // (the released code keeps their graphs, but only Q's head takes a step from them).
  torch::Tensor real_features = trunk_->forward(feed.real), delta_features;
  if (feed.delta.defined()) {
    torch::NoGradGuard no_grad;
    delta_features = trunk_->forward(feed.delta);
  }
  const torch::Tensor d_real = torch::sigmoid(d_head_->forward(real_features));
  const torch::Tensor d_fake = torch::sigmoid(d_head_->forward(trunk_->forward(fake.detach())));
  const torch::Tensor d_loss = bce(d_real, 1.0) + bce(d_fake, 0.0);
  discriminator_optimizer_->zero_grad();
  d_loss.backward();
  discriminator_optimizer_->step();

  // G step, through the updated trunk.
  const torch::Tensor fake_features = trunk_->forward(fake);
  const torch::Tensor adversarial = bce(torch::sigmoid(d_head_->forward(fake_features)), 1.0);
  const auto q_fake = q_head_->forward(fake_features);
  // The target is the sample's argmax (CrossEntropyLoss on torch.max(c, 1)[1]).
  const torch::Tensor target =
      torch::zeros_like(codes).scatter_(1, codes.detach().argmax(1, true), 1.0);
  torch::Tensor info =
      config_.lambda_info * categorical_info_loss(q_fake.logits.slice(1, 0, k), target);
  if (config_.num_continuous > 0)
    info = info + config_.lambda_continuous *
                      baselines::info_loss(q_fake.logits.slice(1, k), feed.continuous);
  torch::Tensor loss = adversarial + info;
  torch::Tensor trans = torch::zeros({}, loss.options()), ent = trans;
  if (feed.delta.defined()) {
    const auto q_real = q_head_->forward(real_features.detach());
    const auto q_delta = q_head_->forward(delta_features);
    trans = nt_xent_loss(q_real.hidden, q_delta.hidden, config_.trans_temperature);
    loss = loss + config_.lambda_trans * trans;
    if (config_.lambda_ent > 0) {
      ent = entropy_loss(q_real.logits.slice(1, 0, k), q_delta.logits.slice(1, 0, k));
      loss = loss + config_.lambda_ent * ent;
    }
  }
  // Gradients for G's group only: the trunk and D stay as the D step left them.
  const std::vector<torch::Tensor> params = generator_group();
  auto grads = torch::autograd::grad({loss}, params, {}, false, false, /*allow_unused=*/true);
  for (std::size_t i = 0; i < params.size(); ++i)
    params[i].mutable_grad() = grads[i].defined() ? grads[i] : torch::zeros_like(params[i]);
  generator_optimizer_->step();

  engine::Losses log{{"loss", loss.detach()},
                     {"generator_adversarial", adversarial.detach()},
                     {"info", info.detach()},
                     {"trans", trans.detach()},
                     {"entropy", ent.detach()},
                     {"discriminator_loss", d_loss.detach()},
                     {"d_real", d_real.detach().mean()},
                     {"d_fake", d_fake.detach().mean()}};
  torch::Tensor p = prior_probabilities();
  for (std::int64_t i = 0; i < k; ++i) log.emplace_back("prior_" + std::to_string(i), p[i]);
  return log;
}

engine::Encoding ElasticInfoGan::encode(const torch::Tensor& images) {
  torch::NoGradGuard no_grad;
  trunk_->eval();
  q_head_->eval();
  torch::Tensor q = q_head_->forward(trunk_->forward(images * 2.0 - 1.0)).logits;
  const std::int64_t k = config_.num_classes;
  return {torch::cat({torch::softmax(q.slice(1, 0, k), 1), q.slice(1, k)}, 1), torch::Tensor()};
}

std::vector<torch::Tensor> ElasticInfoGan::probe(const torch::Tensor& images,
                                                 torch::Generator& gen) {
  generator_->train();
  trunk_->train();
  q_head_->train();
  const std::int64_t b = images.size(0);
  const auto opts = images.options();
  // The Gumbel noise counts as data, so the prior's logits show up where they meet it.
  torch::Tensor gumbel = engine::rand({b, config_.num_classes}, gen, opts).requires_grad_(true);
  torch::Tensor codes =
      gumbel_softmax(prior_->logits, gumbel, config_.temperature, config_.hard_sample);
  torch::Tensor cont = engine::rand({b, config_.num_continuous}, gen, opts).requires_grad_(true);
  torch::Tensor z = engine::randn({b, config_.noise_dim}, gen, opts).requires_grad_(true);
  torch::Tensor features = trunk_->forward(images);
  return {generator_->forward(latents(codes, cont, z)), d_head_->forward(features),
          q_head_->forward(features).logits};
}

torch::Tensor ElasticInfoGan::generate(const torch::Tensor& codes, const torch::Tensor& noise) {
  torch::NoGradGuard no_grad;
  generator_->eval();
  const torch::Tensor z =
      engine::generator_noise("elastic_infogan", codes, noise, latent_dim(), config_.noise_dim);
  return (generator_->forward(torch::cat({z, codes}, 1)) + 1.0) / 2.0;
}

torch::Tensor ElasticInfoGan::generate_class(std::int64_t value, std::int64_t n,
                                             torch::Generator& gen) {
  if (value < 0 || value >= config_.num_classes)
    throw ConfigError("elastic_infogan: categorical value " + std::to_string(value) +
                      " outside 0.." + std::to_string(config_.num_classes - 1));
  const auto opts = torch::TensorOptions().device(device());
  torch::Tensor one_hot = torch::zeros({n, config_.num_classes}, opts);
  one_hot.select(1, value).fill_(1.0);
  torch::Tensor cont = baselines::uniform_latents(n, config_.num_continuous, gen, device());
  torch::Tensor z = engine::randn({n, config_.noise_dim}, gen, opts);
  return generate(torch::cat({one_hot, cont}, 1), z);
}

torch::Tensor ElasticInfoGan::sample_images(std::int64_t n, torch::Generator& gen) {
  const auto opts = torch::TensorOptions().device(device());
  // Drawn on the CPU like all noise (engine/noise.h), then moved.
  torch::Tensor cls =
      torch::multinomial(prior_probabilities().expand({n, config_.num_classes}).to(torch::kCPU), 1,
                         /*replacement=*/true, gen)
          .to(device());
  torch::Tensor one_hot = torch::zeros({n, config_.num_classes}, opts).scatter_(1, cls, 1.0);
  torch::Tensor cont = baselines::uniform_latents(n, config_.num_continuous, gen, device());
  torch::Tensor z = engine::randn({n, config_.noise_dim}, gen, opts);
  return generate(torch::cat({one_hot, cont}, 1), z);
}

torch::Tensor ElasticInfoGan::prior_probabilities() const {
  return torch::softmax(prior_->logits.detach(), 0);
}

engine::CategoricalCode ElasticInfoGan::categorical_code() const {
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
             "Elastic-InfoGAN (released NeurIPS 2020 code): InfoGAN with a categorical code whose "
             "prior is learned through a soft Gumbel-softmax sample, plus NT-Xent between Q's "
             "features of x and an augmentation of x (prior uniform | ground_truth | learned; "
             "use_trans_loss)",
             to_json(ElasticInfoGanConfig{}), make_elastic_infogan});

}  // namespace fb::methods
