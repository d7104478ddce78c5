// Registry walk over every model linked into the methods suite (VAE family, InfoGAN, InfoGAN-CR,
// the StyleGAN family, ...), one test per model: finite losses after one step, and identical
// digest and codes after save → load. The step is a real held dSprites batch (engine/bench_batch.h)
// with its factor classes, the dataset oracle and a labelled subset, so models that read labels
// (Semi-StyleGAN, Elastic-InfoGAN's δ) run as the trainer runs them. (The baselines
// suite's walk covers the VAE family's own contract: D = 10, a log-variance.)
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "core/threads.h"
#include "engine/bench_batch.h"
#include "engine/model.h"
#include "engine/runtime.h"

namespace fb::methods {
namespace {

class EveryModel : public testing::TestWithParam<std::string> {};

std::vector<std::string> model_names() {
  std::vector<std::string> names;
  for (const auto* entry : engine::model_registry().entries()) names.push_back(entry->name);
  return names;
}

TEST_P(EveryModel, GivesFiniteLossesAndEncodesIdenticallyAfterSaveAndLoad) {
  configure_threads(1);
  static engine::BenchBatch batch("dsprites", Json{{"count", 256}}, 4, torch::kCPU, 5);
  const std::string name = GetParam();
  engine::ModelContext ctx = batch.context(9);
  auto model = engine::make_model(name, Json(), ctx, name);
  engine::StepContext step{0, engine::make_generator(torch::kCPU, 3)};
  batch.attach(*model);
  const torch::Tensor& images = batch.images();
  auto losses = model->train_step(images, step);
  ASSERT_FALSE(losses.empty());
  EXPECT_EQ(losses[0].first, "loss");
  for (const auto& [term, value] : losses) EXPECT_TRUE(std::isfinite(value.item<double>())) << term;

  torch::serialize::OutputArchive out;
  model->save(out);
  std::stringstream bytes;
  out.save_to(bytes);
  ctx.seed = 10;  // different initial weights, all overwritten by load()
  auto copy = engine::make_model(name, model->config(), ctx, name);
  torch::serialize::InputArchive in;
  in.load_from(bytes);
  copy->load(in);
  EXPECT_EQ(copy->digest(), model->digest());
  auto a = model->encode(images), b = copy->encode(images);
  EXPECT_TRUE(torch::equal(a.mean, b.mean));
  EXPECT_EQ(a.mean.sizes(), (std::vector<std::int64_t>{4, model->latent_dim()}));
  EXPECT_EQ(a.logvar.defined(), b.logvar.defined());
  if (a.logvar.defined()) EXPECT_TRUE(torch::equal(a.logvar, b.logvar));
}

INSTANTIATE_TEST_SUITE_P(ModelRegistry, EveryModel, testing::ValuesIn(model_names()),
                         [](const testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

}  // namespace
}  // namespace fb::methods
