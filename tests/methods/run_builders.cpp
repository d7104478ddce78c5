#include "tests/methods/run_builders.h"

#include <filesystem>

#include "core/atomic_output.h"
#include "engine/trainer.h"

namespace fb::test {

std::string train_tiny(const std::string& dir, const std::string& model, const Json& config,
                       std::uint64_t seed, std::int64_t steps) {
  engine::TrainOptions o;
  o.model = model;
  o.model_config = config;
  o.dataset = "dsprites";
  o.dataset_config = Json{{"count", 64}};
  o.steps = steps;
  o.batch = 8;
  o.seed = seed;
  o.threads = 1;
  o.sampling = "epochs";
  o.checkpoint_every = 1000;
  o.log_every = 1;
  o.out = dir;
  engine::train(o);
  return dir;
}

std::string fake_run(const std::string& dir, const std::string& model, const Json& model_config,
                     const Json& dataset_config, const Json& metrics) {
  std::filesystem::create_directories(dir);
  Json c;
  c["model"] = model;
  c["model_config"] = model_config;
  c["dataset"] = "dsprites";
  c["dataset_config"] = dataset_config;
  c["image"] = {{"channels", 1}, {"height", 64}, {"width", 64}};
  c["seed"] = 0;
  c["steps"] = 1;
  write_file_atomic(dir + "/config.json", c.dump(2));
  write_file_atomic(dir + "/model.pt", "");
  if (!metrics.is_null()) write_file_atomic(dir + "/metrics.json", metrics.dump());
  return dir;
}

}  // namespace fb::test
