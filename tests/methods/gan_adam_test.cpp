// The GANs share one Adam configuration (engine/gan_adam.h): walking the model registry, every
// model with a generator learning rate (every GAN) exposes the same five keys, validates them alike and
// builds its optimisers with them (Elastic-InfoGAN had no ε before, issue #17 item 9).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/error.h"
#include "engine/model.h"

namespace fb::methods {
namespace {

std::vector<std::string> gan_names() {
  std::vector<std::string> names;
  for (const auto* entry : engine::model_registry().entries())
    if (entry->defaults.contains("generator_lr")) names.push_back(entry->name);
  return names;
}

engine::ModelContext context() {
  engine::ModelContext ctx;
  ctx.height = ctx.width = 64;
  ctx.factor_sizes = {3, 6, 40, 32, 32};
  return ctx;
}

TEST(GanAdam, EveryGanHasTheFiveKeysAndRejectsTheSameBadValues) {
  const std::vector<std::string> gans = gan_names();
  ASSERT_GE(gans.size(), 5u);  // infogan, infogan_cr, elastic_infogan, info_stylegan, semi_stylegan
  const std::vector<std::pair<std::string, double>> bad = {{"generator_lr", 0.0},
                                                           {"discriminator_lr", -1e-3},
                                                           {"adam_beta1", 1.0},
                                                           {"adam_beta2", -0.5},
                                                           {"adam_eps", 0.0}};
  for (const std::string& name : gans) {
    const Json defaults = engine::model_registry().get(name).defaults;
    for (const auto& [key, value] : bad) {
      EXPECT_TRUE(defaults.contains(key)) << name << " lacks " << key;
      try {
        engine::make_model(name, Json{{key, value}}, context(), "m");
        ADD_FAILURE() << name << " accepted " << key << " = " << value;
      } catch (const ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("m." + key), std::string::npos) << e.what();
      }
    }
  }
}

TEST(GanAdam, ElasticInfoGanBuildsItsOptimisersWithTheConfiguredEpsilon) {
  engine::ModelContext ctx = context();
  ctx.height = ctx.width = 28;
  auto model = engine::make_model("elastic_infogan", Json{{"adam_eps", 1e-4}}, ctx, "m");
  ASSERT_EQ(model->optimizers().size(), 2u);
  for (const auto& [name, optimizer] : model->optimizers()) {
    const auto& options =
        static_cast<const torch::optim::AdamOptions&>(optimizer->param_groups()[0].options());
    EXPECT_EQ(options.eps(), 1e-4) << name;
    EXPECT_EQ(std::get<0>(options.betas()), 0.5) << name;
  }
}

}  // namespace
}  // namespace fb::methods
