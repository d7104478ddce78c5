// A trained Semi-StyleGAN run scored by `evaluate` with the generator metrics (#16 item 16): the
// metrics.json written beside the scores records N, the number of base samples (c, z) averaged.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "core/threads.h"
#include "engine/evaluate.h"
#include "engine/factor_classifier.h"
#include "engine/trainer.h"
#include "tests/support/temp_dir.h"

namespace fb::methods {
namespace {

TEST(StyleGanEvaluate, GeneratorMetricsRecordTheirBaseSampleCount) {
  configure_threads(1);
  test::TempDir tmp;
  // Teapots binned 2 ways: 5 factors × 2 values = 10 images per base sample.
  const Json dataset_config{{"count", 32}, {"bins", 2}};
  engine::TrainOptions o;
  o.model = "semi_stylegan";
  o.model_config = Json{{"labelled_fraction", 0.1}};
  o.dataset = "teapots";
  o.dataset_config = dataset_config;
  o.steps = 1;
  o.batch = 2;
  o.threads = 1;
  o.out = tmp.file("run");
  engine::train(o);

  const auto dataset = data::open_dataset("teapots", dataset_config);
  engine::FactorClassifierConfig quick;
  quick.epochs = 1;
  quick.batch = 16;
  engine::FactorClassifier::train(*dataset, quick, 1, torch::kCPU)
      .save(tmp.file("clf"), Json{{"dataset", "teapots"}, {"dataset_config", dataset_config}});

  engine::EvaluateOptions e;
  e.run_dir = o.out;
  e.metrics = {"mig_gen", "l2_gen"};
  // A classifier also brings fd_fb, 10,000 images by default.
  e.metric_config = Json{{"mig_gen", {{"num_base_samples", 3}}},
                         {"l2_gen", {{"num_base_samples", 2}}},
                         {"fd_fb", {{"samples", 8}}}};
  e.classifier = tmp.file("clf");
  e.threads = 1;
  e.out = tmp.file("metrics.json");
  const Json scores = engine::evaluate_run(e);
  EXPECT_TRUE(std::isfinite(scores.at("mig_gen").get<double>()));
  EXPECT_GE(scores.at("l2_gen").get<double>(), 0.0);

  std::ifstream in(e.out);
  const Json written = Json::parse(in);
  EXPECT_EQ(written.at("config").at("mig_gen").at("num_base_samples"), 3);
  EXPECT_EQ(written.at("config").at("l2_gen").at("num_base_samples"), 2);
}

}  // namespace
}  // namespace fb::methods
