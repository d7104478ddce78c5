// Instruction-count cases: one optimisation step of every registered model (items = images) at a small
// batch on held dSprites images (or the colour variant for a model that rejects one channel), as
// benchmark/models_bench.cpp times them at batch 64.
#include <memory>

#include "benchmark/instructions/instr_case.h"
#include "core/error.h"
#include "engine/bench_batch.h"
#include "engine/model.h"
#include "engine/runtime.h"

namespace fb::bench::instr {
namespace {

constexpr std::int64_t kBatch = 8;

// Configs that keep a step to seconds under Callgrind: the StyleGANs at their small width (0.75M
// parameters instead of 47.6M) and batch 2.
Json config_for(const std::string& model) {
  if (model.find("stylegan") != std::string::npos) return Json{{"width", "small"}};
  return Json::object();
}
std::int64_t batch_for(const std::string& model) {
  return model.find("stylegan") != std::string::npos ? 2 : kBatch;
}

struct Fixture {
  std::unique_ptr<engine::BenchBatch> batch;
  std::unique_ptr<engine::Model> model;
  engine::StepContext step;
};

std::shared_ptr<Fixture> make_fixture(const std::string& name) {
  auto f = std::make_shared<Fixture>();
  for (const char* dataset : {"dsprites", "dsprites_color"}) {
    f->batch = std::make_unique<engine::BenchBatch>(dataset, Json{{"count", 256}}, batch_for(name),
                                                    torch::kCPU, 2);
    engine::ModelContext ctx = f->batch->context(0);
    ctx.total_steps = 100;
    try {
      f->model = engine::make_model(name, config_for(name), ctx, name);
      break;
    } catch (const ConfigError&) {
      if (std::string(dataset) == "dsprites_color") throw;
    }
  }
  f->step = engine::StepContext{10, engine::make_generator(torch::kCPU, 1)};
  f->batch->attach(*f->model);
  return f;
}

}  // namespace

void add_model_cases(Cases& cases) {
  for (const auto& name : engine::model_registry().names())
    cases.push_back(Case{"train/" + name, batch_for(name), 1, [name]() -> std::function<void()> {
                           auto f = make_fixture(name);
                           return [f] {
                             f->model->train_step(f->batch->images(), f->step);
                             ++f->step.step;
                           };
                         }});
}

}  // namespace fb::bench::instr
