// InfoGAN and InfoGAN-CR: registry entries, presets and schedules, the update order, H resets, a
// tiny run.
#include "methods/infogan_cr.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <sstream>

#include "baselines/infogan_losses.h"
#include "core/error.h"
#include "core/threads.h"
#include "datagen/dataset.h"
#include "engine/capabilities.h"
#include "engine/checkpoint.h"
#include "engine/data_stream.h"
#include "engine/run_dir.h"
#include "engine/runtime.h"
#include "engine/trainer.h"
#include "tests/support/temp_dir.h"

namespace fb::methods {
namespace {

using engine::make_model;
using engine::ModelContext;

torch::Tensor binary_images(std::int64_t b, int channels, std::uint64_t seed) {
  auto gen = engine::make_generator(torch::kCPU, seed);
  return torch::rand({b, channels, 64, 64}, gen).lt(0.3).to(torch::kFloat32);
}

ModelContext context(std::int64_t total_steps, int channels = 1, std::uint64_t seed = 3) {
  ModelContext ctx;
  ctx.channels = channels;
  ctx.seed = seed;
  ctx.total_steps = total_steps;
  return ctx;
}

std::unique_ptr<InfoGanCr> make_cr(const Json& config, const ModelContext& ctx) {
  auto model = make_model("infogan_cr", config, ctx, "test");
  return std::unique_ptr<InfoGanCr>(static_cast<InfoGanCr*>(model.release()));
}

std::vector<std::int64_t> adam_steps(torch::optim::Adam& opt) {
  std::vector<std::int64_t> steps;
  for (const auto& group : opt.param_groups())
    for (const auto& p : group.params()) {
      auto it = opt.state().find(c10::guts::to_string(p.unsafeGetTensorImpl()));
      steps.push_back(it == opt.state().end()
                          ? 0
                          : static_cast<torch::optim::AdamParamState&>(*it->second).step());
    }
  return steps;
}

double loss_named(const engine::Losses& losses, const std::string& name) {
  for (const auto& [n, v] : losses)
    if (n == name) return v.item<double>();
  ADD_FAILURE() << "no loss " << name;
  return NAN;
}

TEST(InfoGanCr, BothModelsAreRegisteredAndTrainOneFiniteStep) {
  for (const char* name : {"infogan", "infogan_cr"}) {
    for (const char* preset : {"dsprites", "teapots"}) {
      SCOPED_TRACE(std::string(name) + " " + preset);
      const int channels = std::string(preset) == "teapots" ? 3 : 1;
      const Json config = std::string(name) == "infogan_cr"
                              ? Json{{"preset", preset}, {"cr_start_fraction", 0.0}}
                              : Json{{"preset", preset}};
      auto model = make_model(name, config, context(10, channels), name);
      engine::StepContext ctx{0, engine::make_generator(torch::kCPU, 1)};
      auto losses = model->train_step(binary_images(8, channels, 2), ctx);
      ASSERT_FALSE(losses.empty());
      EXPECT_EQ(losses[0].first, "loss");
      for (const auto& [n, v] : losses) EXPECT_TRUE(std::isfinite(v.item<double>())) << n;
      EXPECT_EQ(model->encode(binary_images(4, channels, 3)).mean.sizes(),
                (std::vector<std::int64_t>{4, 5}));
      auto images = model->generate(torch::zeros({3, 5}), torch::zeros({3, 5}));
      EXPECT_EQ(images.sizes(), (std::vector<std::int64_t>{3, channels, 64, 64}));
      EXPECT_GE(images.min().item<float>(), 0.0f);
      EXPECT_LE(images.max().item<float>(), 1.0f);
    }
  }
}

TEST(InfoGanCr, ConfigsRoundTripAndRejectUnknownKeys) {
  for (const char* name : {"infogan", "infogan_cr"}) {
    SCOPED_TRACE(name);
    auto teapots = make_model(name, Json{{"preset", "teapots"}}, context(0, 3), name);
    auto again = make_model(name, teapots->config(), context(0, 3), name);
    EXPECT_EQ(again->config(), teapots->config());
    EXPECT_EQ(teapots->config()["lambda"], 0.2);
    EXPECT_THROW(make_model(name, Json{{"lamda", 1}}, ModelContext{}, name), ConfigError);
    EXPECT_THROW(make_model(name, Json{{"preset", "celeba"}}, ModelContext{}, name), ConfigError);
    EXPECT_THROW(make_model(name, Json(), context(0, 2), name), ConfigError);
  }
  EXPECT_THROW(make_model("infogan_cr", Json{{"gap", 2.0}}, ModelContext{}, "m"), ConfigError);
}

TEST(InfoGanCr, SchedulesFollowThePaperAndScaleWithTheRun) {
  const auto dsprites = resolve_schedule(infogan_cr_preset("dsprites", "t"), 0);
  EXPECT_EQ(dsprites.total_steps, 322560);
  EXPECT_EQ(dsprites.cr_start, 288000);
  EXPECT_EQ(dsprites.alpha_at(287999), 0.0);
  EXPECT_EQ(dsprites.alpha_at(288000), 2.0);
  EXPECT_TRUE(dsprites.resets_h_at(288000));
  EXPECT_FALSE(dsprites.resets_h_at(322560));  // gap stays 0: no gap change

  const auto teapots = resolve_schedule(infogan_cr_preset("teapots", "t"), 0);
  EXPECT_EQ(teapots.cr_start, 50000);
  EXPECT_EQ(teapots.gap_change, 85000);
  EXPECT_EQ(teapots.alpha_at(50000), 3.0);
  EXPECT_EQ(teapots.gap_at(84999), 1.9);
  EXPECT_EQ(teapots.gap_at(85000), 0.0);
  for (std::int64_t s : {0, 49999, 50001, 84999, 85001}) EXPECT_FALSE(teapots.resets_h_at(s)) << s;
  EXPECT_TRUE(teapots.resets_h_at(50000));
  EXPECT_TRUE(teapots.resets_h_at(85000));

  const auto reduced =
      resolve_schedule(infogan_cr_preset("dsprites", "t"), 3226);  // 1 % of the protocol
  EXPECT_EQ(reduced.cr_start, 2880);
  auto model = make_cr(Json(), context(3226));
  const auto* snapshotting = engine::capability<engine::Snapshotting>(*model);
  ASSERT_NE(snapshotting, nullptr);
  ASSERT_EQ(snapshotting->snapshots().size(), 1u);
  EXPECT_EQ(snapshotting->snapshots()[0].name, kInfoGanModifiedSnapshot);
  EXPECT_EQ(snapshotting->snapshots()[0].after_steps, 2880);
}

TEST(InfoGanCr, OneIterationIsHThenDqThenTwoGStepsThenTheUUpdate) {
  // total 10, CR on from step 1: step 2 has α > 0 and no reset.
  const Json config{{"cr_start_fraction", 0.1}};
  auto model = make_cr(config, context(10));
  auto twin = make_cr(config, context(10));  // same seed: identical weights
  const auto images = binary_images(8, 1, 4);
  engine::StepContext ctx{2, engine::make_generator(torch::kCPU, 9)};
  torch::Generator replay = ctx.noise.clone();
  const torch::Tensor u_before = twin->discriminator()->named_buffers()["trunk.0.u"].clone();

  auto losses = model->train_step(images, ctx);

  // Adam steps: G twice, D+Q and H once.
  for (auto s : adam_steps(model->generator_optimizer())) EXPECT_EQ(s, 2);
  for (auto s : adam_steps(model->discriminator_optimizer())) EXPECT_EQ(s, 1);
  for (auto s : adam_steps(model->cr_optimizer())) EXPECT_EQ(s, 1);

  // The same draws (codes, noise, then the pairs) through the untouched twin.
  auto codes = baselines::uniform_latents(8, 5, replay, torch::kCPU);
  auto noise = baselines::uniform_latents(8, 5, replay, torch::kCPU);
  auto pairs = sample_cr_pairs(8, 5, 5, 0.0, replay, torch::kCPU);
  torch::NoGradGuard no_grad;
  auto gen = twin->generator();
  gen->train();
  // H's loss was computed before any update: from the initial G and H, one G forward per half.
  auto first = gen->forward(pairs.latents.slice(0, 0, 8));
  auto second = gen->forward(pairs.latents.slice(0, 8));
  auto h = twin->cr_discriminator();
  auto expected_cr = contrastive_loss(h->forward(first, second), pairs.index);
  EXPECT_NEAR(loss_named(losses, "cr"), expected_cr.item<double>(), 1e-6);
  // D's loss came before the G steps: from the initial G and D.
  auto fake = gen->forward(torch::cat({codes, noise}, 1));
  auto d_net = twin->discriminator();
  auto d = d_net->forward(torch::cat({images, fake}, 0)).probability;
  auto expected_d = baselines::discriminator_gan_loss(d.slice(0, 0, 8), d.slice(0, 8));
  EXPECT_NEAR(loss_named(losses, "discriminator_loss"), expected_d.item<double>(), 1e-6);
  // u is written once, from the final weights and the previous u.
  const auto after = model->discriminator()->named_parameters()["trunk.0.weight"];
  const auto u_after = model->discriminator()->named_buffers()["trunk.0.u"];
  EXPECT_TRUE(torch::allclose(u_after, baselines::power_iteration(after, u_before).u, 1e-6, 1e-7));
  EXPECT_FALSE(torch::equal(u_after, u_before));
}

TEST(InfoGanCr, ResettingHClearsItsAdamStateAndRedrawsItsWeights) {
  auto model = make_cr(Json{{"cr_start_fraction", 0.5}}, context(10));  // switch-on at step 5
  const auto images = binary_images(8, 1, 4);
  engine::StepContext ctx{0, engine::make_generator(torch::kCPU, 9)};
  for (ctx.step = 0; ctx.step < 3; ++ctx.step) model->train_step(images, ctx);
  for (auto s : adam_steps(model->cr_optimizer())) EXPECT_EQ(s, 3);
  const auto before = model->cr_discriminator()->parameters()[0].clone();

  model->reset_cr_discriminator(5);
  EXPECT_TRUE(model->cr_optimizer().state().empty());
  EXPECT_FALSE(torch::equal(model->cr_discriminator()->parameters()[0], before));
  auto other = make_cr(Json{{"cr_start_fraction", 0.5}}, context(10));
  other->reset_cr_discriminator(5);
  const auto a = model->cr_discriminator()->named_parameters(),
             b = other->cr_discriminator()->named_parameters();
  for (const auto& item : a) EXPECT_TRUE(torch::equal(item.value(), b[item.key()])) << item.key();

  // The switch-on step resets again and then steps H once: a fresh Adam (step 1).
  ctx.step = 5;
  model->train_step(images, ctx);
  for (auto s : adam_steps(model->cr_optimizer())) EXPECT_EQ(s, 1);
}

TEST(InfoGanCr, ResettingHKeepsItsSpectralNormVectorsAndBatchNormStatistics) {
  // Spectral norm and batch norm together, so both kinds of non-trainable state are present.
  const Json config{{"cr_start_fraction", 0.5}, {"cr_batch_norm", true}};
  auto model = make_cr(config, context(10));
  const auto images = binary_images(8, 1, 4);
  engine::StepContext ctx{0, engine::make_generator(torch::kCPU, 9)};
  for (ctx.step = 0; ctx.step < 3; ++ctx.step) model->train_step(images, ctx);
  std::map<std::string, torch::Tensor> buffers, weights;
  for (const auto& b : model->cr_discriminator()->named_buffers())
    buffers[b.key()] = b.value().clone();
  for (const auto& p : model->cr_discriminator()->named_parameters())
    weights[p.key()] = p.value().clone();
  ASSERT_TRUE(buffers.count("net.0.u"));
  ASSERT_TRUE(buffers.count("net.4.running_mean"));

  model->reset_cr_discriminator(5);
  // The reference re-initialises crDiscriminator.trainable_vars only: u and the moving statistics
  // survive bit for bit, every weight is redrawn.
  for (const auto& b : model->cr_discriminator()->named_buffers())
    EXPECT_TRUE(torch::equal(b.value(), buffers.at(b.key()))) << b.key();
  for (const auto& p : model->cr_discriminator()->named_parameters())
    if (p.key().find("weight") != std::string::npos)
      EXPECT_FALSE(torch::equal(p.value(), weights.at(p.key()))) << p.key();
}

std::vector<Json> read_log(const std::string& run) {
  std::vector<Json> out;
  std::istringstream in(test::slurp(run + "/log.jsonl"));
  for (std::string line; std::getline(in, line);) out.push_back(Json::parse(line));
  return out;
}

TEST(InfoGanCr, TinyRunTrainsWithoutNanAndKeepsTheModifiedSnapshot) {
  test::TempDir tmp;
  engine::TrainOptions o;
  o.model = "infogan_cr";
  o.model_config = Json{{"cr_start_fraction", 0.5}};
  o.dataset = "dsprites";
  o.dataset_config = Json{{"count", 64}};
  o.steps = 12;  // switch-on at step 6
  o.batch = 8;
  o.seed = 1;
  o.threads = 1;
  o.sampling = "epochs";
  o.checkpoint_every = 1000;
  o.log_every = 1;
  o.out = tmp.file("run");
  engine::train(o);  // throws NumericalError on any NaN/Inf loss
  const auto log = read_log(o.out);
  ASSERT_EQ(log.size(), 12u);
  EXPECT_EQ(log[5]["alpha"], 0.0);
  EXPECT_EQ(log[6]["alpha"], 2.0);
  // "InfoGAN (modified)" is the state after the 6 steps before switch-on.
  const engine::RunDir run(o.out);
  ASSERT_TRUE(std::filesystem::exists(run.snapshot_path(kInfoGanModifiedSnapshot)));
  auto modified = engine::load_run_model(run, torch::kCPU, "snapshots/infogan_modified.pt");
  auto final_model = engine::load_run_model(run, torch::kCPU);
  EXPECT_NE(modified->digest(), final_model->digest());
  EXPECT_EQ(modified->encode(binary_images(2, 1, 1)).mean.sizes(),
            (std::vector<std::int64_t>{2, 5}));
}

// H's CR loss on one fixed batch of 256 pairs from the current G (training-mode batch norm, as in
// training).
double fixed_batch_cr(InfoGanCr& model, double gap) {
  torch::NoGradGuard no_grad;
  torch::Generator gen = engine::make_generator(torch::kCPU, 77);
  const auto pairs = sample_cr_pairs(256, 5, 5, gap, gen, torch::kCPU);
  auto g = model.generator();
  g->train();
  const auto [first, second] = generate_pair_images(g, pairs);
  auto h = model.cr_discriminator();
  return contrastive_loss(h->forward(first, second), pairs.index).item<double>();
}

TEST(InfoGanCr, CrLossFallsAfterSwitchOn) {
  // The Teapots configuration (gap 1.9, α 3, H with batch norm) on dSprites images, CR on after 4
  // of 24 steps. With the dSprites H (spectral norm) the CR loss needs far more steps than a unit
  // test can afford to move from ln 5: its Lipschitz bound keeps the logits flat until G's images
  // depend strongly on the codes. Batches of 32: each half of the pairs is its own G forward, and
  // 16 images per half gave batch statistics too noisy for H to learn within a unit test.
  configure_threads(1);
  auto model = make_cr(
      Json{{"preset", "teapots"}, {"cr_start_fraction", 1.0 / 6}, {"gap_change_fraction", 1.0}},
      context(24));
  auto dataset = data::open_dataset("dsprites", Json{{"count", 64}});
  engine::DataStream stream(*dataset, 32, engine::Sampling::kEpochs, 1, torch::kCPU);
  engine::StepContext ctx{0, engine::make_generator(torch::kCPU, 5)};
  double at_switch_on = 0;
  for (ctx.step = 0; ctx.step < 24; ++ctx.step) {
    if (ctx.step == 4) {
      model->reset_cr_discriminator(4);  // what the step is about to do: H as it is at switch-on
      at_switch_on = fixed_batch_cr(*model, 1.9);
    }
    model->train_step(stream.next(), ctx);
  }
  EXPECT_NEAR(at_switch_on, std::log(5.0), 0.4);
  EXPECT_LT(fixed_batch_cr(*model, 1.9), at_switch_on - 0.2);
}

TEST(InfoGanCr, ResumingAcrossTheSwitchOnIsBitwiseIdentical) {
  // What the trainer does on resume (engine/checkpoint.h), around a checkpoint taken just before
  // the switch-on step, so the H reset and its fresh Adam state happen after the restore.
  configure_threads(1);
  test::TempDir tmp;
  const Json config{{"cr_start_fraction", 0.5}};  // 6 steps: switch-on at step 3
  auto dataset = data::open_dataset("dsprites", Json{{"count", 64}});
  auto run = [&](InfoGanCr& model, engine::DataStream& stream, engine::StepContext& ctx,
                 std::int64_t to) {
    for (; ctx.step < to; ++ctx.step) model.train_step(stream.next(), ctx);
  };
  auto straight = make_cr(config, context(6));
  engine::DataStream stream_a(*dataset, 8, engine::Sampling::kEpochs, 4, torch::kCPU);
  engine::StepContext ctx_a{0, engine::make_generator(torch::kCPU, 5)};
  run(*straight, stream_a, ctx_a, 6);

  auto first = make_cr(config, context(6));
  engine::DataStream stream_b(*dataset, 8, engine::Sampling::kEpochs, 4, torch::kCPU);
  engine::StepContext ctx_b{0, engine::make_generator(torch::kCPU, 5)};
  run(*first, stream_b, ctx_b, 3);
  engine::write_checkpoint(tmp.file("step-3.pt"), *first,
                           engine::TrainerState{3, stream_b.state(), ctx_b.noise.get_state()});

  auto resumed = make_cr(config, context(6, 1, /*seed=*/3));
  const auto state = engine::read_checkpoint(tmp.file("step-3.pt"), *resumed);
  engine::DataStream stream_c(*dataset, 8, engine::Sampling::kEpochs, 4, torch::kCPU);
  stream_c.set_state(state.data);
  engine::StepContext ctx_c{state.step, engine::make_generator(torch::kCPU, 0)};
  ctx_c.noise.set_state(state.noise);
  run(*resumed, stream_c, ctx_c, 6);
  EXPECT_EQ(resumed->digest(), straight->digest());
}

}  // namespace
}  // namespace fb::methods
