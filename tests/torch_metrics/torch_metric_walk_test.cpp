// Walks every metric that needs the model itself (a categorical code, images from its prior): on a
// tiny Elastic-InfoGAN from the model registry with a tiny factor classifier, each is deterministic,
// respects its declared ranges, round-trips its config and rejects inputs without a model. The
// metrics walk (tests/metrics) covers the entries that codes and MetricInputs' functions serve.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>

#include "core/config.h"
#include "core/error.h"
#include "engine/factor_classifier.h"
#include "engine/model.h"
#include "engine/model_metric_inputs.h"
#include "metrics/metric.h"
#include "tests/metrics/config_round_trip.h"
#include "tests/support/toy_dataset.h"

namespace fb::torch_metrics {
namespace {

using metrics::Needs;

bool needs_the_model(const metrics::MetricInfo& info) {
  return (info.needs & (Needs::kSampler | Needs::kCategoricalCode)) != 0;
}

engine::FactorClassifier tiny_classifier(const data::Dataset& data) {
  engine::FactorClassifierConfig c;
  c.epochs = 1;
  c.batch = 32;
  c.holdout_fraction = 0.25;
  return engine::FactorClassifier::train(data, c, 1, torch::kCPU);
}

std::unique_ptr<engine::Model> tiny_model() {
  engine::ModelContext ctx;
  ctx.height = ctx.width = 32;
  ctx.seed = 3;
  return engine::make_model("elastic_infogan", Json{{"factor", "factor1"}, {"num_classes", 4}},
                            ctx);
}

// 3 × 4 classes at 32×32; the model's categorical code models factor1 (4 classes).
struct TinyCase {
  test::ToyDataset data{{3, 4}, 32, 32, 1, 128, 7};
  engine::FactorClassifier classifier = tiny_classifier(data);
  std::unique_ptr<engine::Model> model = tiny_model();
};

const TinyCase& tiny() {
  static const TinyCase c;
  return c;
}

engine::ModelMetricInputs inputs_for(const TinyCase& c, std::uint64_t seed = 5) {
  return engine::ModelMetricInputs(*c.model, c.data, &c.classifier, torch::kCPU,
                                   metrics::Protocol::kDl, metrics::SklearnEra::kPaper, seed);
}

void expect_declared_and_in_range(const metrics::MetricInfo& info, const Json& scores) {
  ASSERT_TRUE(scores.is_object());
  ASSERT_FALSE(scores.empty());
  for (auto it = scores.begin(); it != scores.end(); ++it) {
    SCOPED_TRACE(it.key());
    const metrics::ScoreInfo* s = metrics::find_score(info, it.key());
    ASSERT_NE(s, nullptr) << "undeclared score";
    if (it->is_null() || (it->is_number() && std::isnan(it->get<double>()))) {
      EXPECT_TRUE(s->nullable);
      continue;
    }
    ASSERT_TRUE(it->is_number());
    EXPECT_GE(it->get<double>(), s->low);
    EXPECT_LE(it->get<double>(), s->high);
  }
}

TEST(TorchMetricWalk, EveryModelSideEntryIsDeterministicAndInRange) {
  const auto in = inputs_for(tiny());
  int walked = 0;
  for (const auto* e : metrics::metric_registry().entries()) {
    if (!needs_the_model(e->make.info)) continue;
    SCOPED_TRACE(e->name);
    EXPECT_EQ(e->make.info.needs & ~in.available(), 0u) << "the tiny case must serve its needs";
    const auto metric = e->make(e->make.info.walk_config);
    const Json first = metric->evaluate(in.inputs());
    expect_declared_and_in_range(e->make.info, first);
    // A fresh input set (fresh generators), same seed: the same bytes.
    const auto again = inputs_for(tiny());
    EXPECT_EQ(first.dump(), metric->evaluate(again.inputs()).dump());
    ++walked;
  }
  EXPECT_GT(walked, 0) << "no registered metric needs the model: is fb_torch_metrics linked?";
}

TEST(TorchMetricWalk, ConfigsRoundTripAndAliasesNameConfigKeys) {
  for (const auto* e : metrics::metric_registry().entries()) {
    if (!needs_the_model(e->make.info)) continue;
    test::expect_config_round_trips(*e);
    SCOPED_TRACE(e->name);
    for (const auto& a : e->make.info.aliases) EXPECT_TRUE(e->defaults.contains(a.key)) << a.key;
  }
}

TEST(TorchMetricWalk, WithoutTheModelEveryEntryThrowsConfigError) {
  metrics::MetricInputs bare;
  bare.dataset = &tiny().data;
  for (const auto* e : metrics::metric_registry().entries()) {
    if (!needs_the_model(e->make.info)) continue;
    SCOPED_TRACE(e->name);
    EXPECT_THROW(e->make(e->make.info.walk_config)->evaluate(bare), ConfigError);
  }
}

TEST(SelectMetrics, DefaultsThenAutomaticByDeclaration) {
  const unsigned elastic_with_classifier =
      Needs::kEncoder | Needs::kSampler | Needs::kCategoricalCode | Needs::kClassifier;
  const auto all = metrics::select_metrics({"all"}, elastic_with_classifier);
  for (const auto* e : metrics::metric_registry().entries()) {
    SCOPED_TRACE(e->name);
    const auto& info = e->make.info;
    const bool met = (info.needs & ~elastic_with_classifier) == 0;
    const bool expected = met && info.inclusion != metrics::Inclusion::kOnRequest;
    EXPECT_EQ(std::count(all.begin(), all.end(), e->name), expected ? 1 : 0);
  }
  // A categorical code without a classifier: prior_rmse only among the automatic ones.
  EXPECT_EQ(metrics::select_metrics({"none"}, Needs::kEncoder | Needs::kCategoricalCode),
            (std::vector<std::string>{"prior_rmse"}));
  EXPECT_TRUE(metrics::select_metrics({"none"}, Needs::kEncoder).empty());
  // Named ones first, in the order given; an automatic one named is not repeated.
  const auto named = metrics::select_metrics({"fd_fb", "mig"}, elastic_with_classifier);
  EXPECT_EQ(named, (std::vector<std::string>{"fd_fb", "mig", "nmi", "prior_rmse"}));
  EXPECT_THROW(metrics::select_metrics({"fdfb"}, elastic_with_classifier), UnknownName);
}

TEST(OptionAlias, OldEvaluateOptionsSetEveryMetricThatDeclaresThem) {
  Json cfg = Json::object();
  metrics::apply_option_alias(cfg, "nmi_average", "arithmetic");
  metrics::apply_option_alias(cfg, "fd_samples", "32");
  EXPECT_EQ(cfg["nmi"]["average"], "arithmetic");
  EXPECT_EQ(cfg["prior_rmse"]["average"], "arithmetic");
  EXPECT_EQ(cfg["fd_fb"]["samples"], 32);
  EXPECT_THROW(metrics::apply_option_alias(cfg, "no_such_option", "1"), ConfigError);
  const auto options = metrics::option_aliases();
  for (const char* o : {"ent_samples", "fd_samples", "nmi_average", "nmi_samples"})
    EXPECT_EQ(std::count(options.begin(), options.end(), o), 1) << o;
}

}  // namespace
}  // namespace fb::torch_metrics
