// Walks every registered metric: deterministic, in range, sensible on identity and constant codes,
// rejects bad inputs, and its default config round-trips.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/error.h"
#include "metrics/metric.h"
#include "tests/metrics/config_round_trip.h"
#include "tests/metrics/toy_world.h"

namespace fb::metrics {
namespace {

// The registration's declarations: the walk config and the score ranges.
const MetricInfo& info(const std::string& name) { return metric_registry().get(name).make.info; }

const ScoreInfo& declared(const std::string& metric, const std::string& key) {
  const ScoreInfo* s = find_score(info(metric), key);
  EXPECT_NE(s, nullptr) << metric << " returns " << key << ", which it does not declare";
  static const ScoreInfo kNone{"", -kUnbounded, kUnbounded, Better::kNeither};
  return s != nullptr ? *s : kNone;
}

// Metrics that never call the encoder (they read generated images through the oracle).
bool reads_no_encoder(const std::string& name) {
  const unsigned needs = info(name).needs;
  return needs != Needs::kCodesOnly && (needs & Needs::kEncoder) == 0;
}

using test::ToyWorld;

void expect_in_range(const std::string& metric, const Json& scores) {
  ASSERT_TRUE(scores.is_object());
  ASSERT_FALSE(scores.empty());
  for (auto it = scores.begin(); it != scores.end(); ++it) {
    SCOPED_TRACE(it.key());
    ASSERT_TRUE(it->is_number());
    const double v = it->get<double>();
    EXPECT_TRUE(std::isfinite(v));
    const ScoreInfo& s = declared(metric, it.key());
    EXPECT_GE(v, s.low);
    EXPECT_LE(v, s.high);
  }
}

TEST(MetricRegistry, EveryEntryDeclaresItsScoresAndAWalkConfigThatParses) {
  for (const auto* e : metric_registry().entries()) {
    SCOPED_TRACE(e->name);
    EXPECT_FALSE(e->make.info.scores.empty()) << "declare the keys evaluate() returns";
    EXPECT_NO_THROW(e->make(e->make.info.walk_config));
  }
}

TEST(MetricRegistry, TheCodesOnlyMetricsAreTheOnesEvaluateCodesReports) {
  // docs/protocols.md §4.7 fixes evaluate-codes' keys; they come from these declarations.
  std::vector<std::string> codes_only;
  for (const auto* e : metric_registry().entries())
    if (e->make.info.needs == Needs::kCodesOnly) codes_only.push_back(e->name);
  EXPECT_EQ(codes_only,
            (std::vector<std::string>{"dci", "explicitness", "mig", "modularity", "sap"}));
}

TEST(MetricRegistry, DeclaredScoresMatchByKeyOrPrefix) {
  MetricInfo i;
  i.scores = {{"dci_informativeness_train", 0.0, 1.0}, {"dci_*", 0.0, 1.0, Better::kLower}};
  ASSERT_NE(find_score(i, "dci_informativeness_train"), nullptr);
  EXPECT_EQ(find_score(i, "dci_informativeness_train")->better, Better::kHigher);
  ASSERT_NE(find_score(i, "dci_completeness_rf"), nullptr);
  EXPECT_EQ(find_score(i, "dci_completeness_rf")->better, Better::kLower);
  EXPECT_EQ(find_score(i, "mig"), nullptr);
}

TEST(MetricRegistry, ExpectedMetricsAreRegistered) {
  for (const char* name : {"factor_vae", "beta_vae", "mig", "sap", "dci", "modularity",
                           "explicitness", "irs", "mig_gen", "l2_gen", "factor_vae_gen", "l2"})
    EXPECT_TRUE(metric_registry().contains(name)) << name;
}

TEST(MetricRegistry, UnknownNameSuggestsNearest) {
  try {
    make_metric("factorvae");
    FAIL();
  } catch (const UnknownName& e) {
    EXPECT_NE(std::string(e.what()).find("factor_vae"), std::string::npos) << e.what();
  }
}

TEST(MetricRegistry, DefaultsRoundTripAndUnknownKeysAreRejected) {
  for (const auto* e : metric_registry().entries()) test::expect_config_round_trips(*e);
}

// One test per registered metric and property, so each stays small; names come from the registry at
// test-registration time (after every static registration has run).
class MetricWalk : public ::testing::TestWithParam<std::string> {
 protected:
  std::unique_ptr<Metric> make() const {
    return make_metric(GetParam(), info(GetParam()).walk_config);
  }
  ToyWorld w;
};

void expect_deterministic_in_range(const std::string& name, const Metric& m,
                                   const MetricInputs& in) {
  const Json a = m.evaluate(in);
  expect_in_range(name, a);
  EXPECT_EQ(a, m.evaluate(in));
}

TEST_P(MetricWalk, DeterministicAndInRangeDl) {
  expect_deterministic_in_range(GetParam(), *make(), w.inputs(w.identity, Protocol::kDl));
}

TEST_P(MetricWalk, DeterministicAndInRangeCr) {
  expect_deterministic_in_range(GetParam(), *make(), w.inputs(w.identity, Protocol::kCr));
}

TEST_P(MetricWalk, IdentityScoresNearOne) {
  // SAP's anchor (docs/protocols.md §4.8, disentanglement_lib's own test) is the continuous R² form, which
  // CR uses for the toy factors; a linear SVC on one code cannot separate 10 classes, so DL SAP
  // stays far below 1.
  const Protocol p = GetParam() == "sap" ? Protocol::kCr : Protocol::kDl;
  const Json s = make()->evaluate(w.inputs(w.identity, p));
  for (auto it = s.begin(); it != s.end(); ++it) {
    const Better better = declared(GetParam(), it.key()).better;
    if (better == Better::kNeither || it.key().find("completeness") != std::string::npos) continue;
    SCOPED_TRACE(it.key());
    if (better == Better::kLower)
      EXPECT_LT(it->get<double>(), 1e-6);  // float32 codes
    else
      EXPECT_GT(it->get<double>(), 0.9);
  }
}

TEST_P(MetricWalk, ConstantCodesScoreNearZero) {
  // Generator metrics do not read the encoder's codes (factor_vae_gen does: it must fall to 0).
  if (reads_no_encoder(GetParam())) GTEST_SKIP() << "does not use the encoder";
  const Json s = make()->evaluate(w.inputs(w.constant, Protocol::kDl));
  for (auto it = s.begin(); it != s.end(); ++it) {
    SCOPED_TRACE(it.key());
    const Better better = declared(GetParam(), it.key()).better;
    if (better == Better::kNeither) continue;
    if (better == Better::kLower) {
      EXPECT_GT(it->get<double>(), 0.1);  // constant codes are far from the factor values
      continue;
    }
    // Classifier accuracies on constant codes fall to the majority-class rate, AUCs to 0.5.
    const bool chance =
        it.key().find("beta_vae") == 0 || it.key().find("informativeness") != std::string::npos;
    const bool auc = it.key().find("explicitness") == 0;
    EXPECT_LE(it->get<double>(), auc ? 0.5 + 1e-9 : chance ? 0.6 : 0.05);
  }
}

TEST_P(MetricWalk, MissingInputsAreRejected) {
  const auto m = make();
  MetricInputs bad_dim = w.inputs(w.identity, Protocol::kDl);
  bad_dim.code_dim = 0;
  MetricInputs no_data = w.inputs(w.identity, Protocol::kDl);
  no_data.dataset = nullptr;
  if (!reads_no_encoder(GetParam())) EXPECT_THROW(m->evaluate(bad_dim), ConfigError);
  EXPECT_THROW(m->evaluate(no_data), ConfigError);
}

INSTANTIATE_TEST_SUITE_P(AllMetrics, MetricWalk, ::testing::ValuesIn(metric_registry().names()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

TEST(MetricRegistry, SampledRepresentationNeedsASampledEncoder) {
  ToyWorld w;
  const auto m = make_metric("mig", Json{{"num_train", 1000}, {"representation", "sampled"}});
  EXPECT_THROW(m->evaluate(w.inputs(w.identity, Protocol::kDl)), ConfigError);
  MetricInputs in = w.inputs(w.constant, Protocol::kDl);
  in.encode_sampled = w.identity;  // the config picks this one
  EXPECT_GT(m->evaluate(in)["mig"].get<double>(), 0.9);
}

}  // namespace
}  // namespace fb::metrics
