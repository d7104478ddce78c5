// Walks every registered metric: deterministic, in range, sensible on identity and constant codes,
// rejects bad inputs, and its default config round-trips.
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "core/config.h"
#include "core/error.h"
#include "metrics/metric.h"
#include "tests/metrics/toy_encoder.h"

namespace fb::metrics {
namespace {

// Small sizes per metric, so each evaluation stays well under a second.
const std::map<std::string, Json>& small_configs() {
  static const std::map<std::string, Json> m{
      {"beta_vae",
       {{"batch_size", 16},
        {"num_train", 300},
        {"num_eval", 100},
        {"cr_groups", 200},
        {"cr_group_size", 20}}},
      {"factor_vae",
       {{"batch_size", 16},
        {"num_train", 200},
        {"num_eval", 100},
        {"num_variance_estimate", 400},
        {"cr_groups", 100},
        {"cr_group_size", 20},
        {"cr_normalise_samples", 400}}},
      {"mig", {{"num_train", 1000}, {"cr_num_samples", 1000}}},
      {"modularity", {{"num_train", 1000}, {"cr_num_samples", 1000}}},
      {"irs", {{"num_train", 1000}, {"cr_num_samples", 1000}}},
      {"sap", {{"num_train", 500}, {"num_test", 250}, {"cr_num_samples", 500}}},
      {"dci",
       {{"num_train", 100},
        {"num_test", 50},
        {"cr_num_samples", 100},
        {"cr_variants", {"lasso", "rf"}},
        {"cr_reported_variant", "rf"},
        {"rf_trees", 10},
        {"rf_max_depth", {4, 4, 4, 4, 4, 4, 4, 4, 4, 4}}}},
      {"explicitness", {{"num_train", 500}, {"num_test", 250}, {"cr_num_samples", 500}}},
      {"mig_gen", {{"num_base_samples", 5}}},
      {"l2_gen", {{"num_base_samples", 5}}},
      {"l2", {{"num_samples", 500}}},
      {"factor_vae_gen", {{"groups", 60}, {"group_size", 10}, {"normalise_samples", 200}}},
  };
  return m;
}

// Scores that are not fractions in [0, 1].
bool is_distance(const std::string& key) { return key == "l2_gen" || key == "l2"; }
bool is_signed(const std::string& key) { return key == "mig_gen"; }
bool is_count(const std::string& key) { return key.find("num_") != std::string::npos; }

// The toy set's generator (codes on the grids -> bars) and oracle (bars -> codes).
struct ToyWorld {
  test::ToyDataset ds{{2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 32, 32, 1, 16};
  Encoder identity = test::identity_encoder(ds);
  Encoder constant = test::constant_encoder(10);
  Generator generate = [this](const double* c, const double*, std::int64_t n,
                              std::uint8_t* images) {
    const int K = ds.num_factors();
    std::vector<std::int64_t> classes(static_cast<std::size_t>(n * K));
    for (std::int64_t i = 0; i < n * K; ++i)
      classes[i] = std::llround(c[i] * double(ds.factors()[i % K].size() - 1));
    Rng unused(0);
    ds.render(classes.data(), n, unused, images);
  };
  OracleEncoder oracle = [this](const std::uint8_t* images, std::int64_t n, double* out) {
    std::vector<float> z(static_cast<std::size_t>(n * 10));
    identity(images, n, z.data());
    for (std::int64_t i = 0; i < n * 10; ++i) out[i] = z[i];
  };

  MetricInputs inputs(const Encoder& enc, Protocol p) const {
    MetricInputs in;
    in.dataset = &ds;
    in.encode_mean = enc;
    in.code_dim = 10;
    in.protocol = p;
    in.seed = 11;
    in.generate = generate;
    in.oracle_encoder = oracle;
    return in;
  }
};

void expect_in_range(const Json& scores) {
  ASSERT_TRUE(scores.is_object());
  ASSERT_FALSE(scores.empty());
  for (auto it = scores.begin(); it != scores.end(); ++it) {
    SCOPED_TRACE(it.key());
    ASSERT_TRUE(it->is_number());
    const double v = it->get<double>();
    EXPECT_TRUE(std::isfinite(v));
    if (is_count(it.key()) || is_distance(it.key())) {
      EXPECT_GE(v, 0.0);
    } else {
      EXPECT_GE(v, is_signed(it.key()) ? -1.0 : 0.0);
      EXPECT_LE(v, 1.0);
    }
  }
}

TEST(MetricRegistry, EveryEntryHasASmallConfig) {
  for (const auto& name : metric_registry().names()) {
    SCOPED_TRACE(name);
    EXPECT_TRUE(small_configs().count(name)) << "add a small config for the registry walk";
  }
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
  for (const auto* e : metric_registry().entries()) {
    SCOPED_TRACE(e->name);
    EXPECT_NO_THROW(e->make(e->defaults));
    EXPECT_THROW(e->make(Json{{"no_such_key", 1}}), ConfigError);
  }
}

// One test per registered metric and property, so each stays small; names come from the registry at
// test-registration time (after every static registration has run).
class MetricWalk : public ::testing::TestWithParam<std::string> {
 protected:
  std::unique_ptr<Metric> make() const {
    return make_metric(GetParam(), small_configs().at(GetParam()));
  }
  ToyWorld w;
};

void expect_deterministic_in_range(const Metric& m, const MetricInputs& in) {
  const Json a = m.evaluate(in);
  expect_in_range(a);
  EXPECT_EQ(a, m.evaluate(in));
}

TEST_P(MetricWalk, DeterministicAndInRangeDl) {
  expect_deterministic_in_range(*make(), w.inputs(w.identity, Protocol::kDl));
}

TEST_P(MetricWalk, DeterministicAndInRangeCr) {
  expect_deterministic_in_range(*make(), w.inputs(w.identity, Protocol::kCr));
}

TEST_P(MetricWalk, IdentityScoresNearOne) {
  // SAP's anchor (docs/protocols.md §4.8, disentanglement_lib's own test) is the continuous R² form, which
  // CR uses for the toy factors; a linear SVC on one code cannot separate 10 classes, so DL SAP
  // stays far below 1.
  const Protocol p = GetParam() == "sap" ? Protocol::kCr : Protocol::kDl;
  const Json s = make()->evaluate(w.inputs(w.identity, p));
  for (auto it = s.begin(); it != s.end(); ++it) {
    if (is_count(it.key()) || it.key().find("completeness") != std::string::npos) continue;
    SCOPED_TRACE(it.key());
    if (is_distance(it.key()))
      EXPECT_LT(it->get<double>(), 1e-6);  // float32 codes
    else
      EXPECT_GT(it->get<double>(), 0.9);
  }
}

TEST_P(MetricWalk, ConstantCodesScoreNearZero) {
  // Generator metrics do not read the encoder's codes (factor_vae_gen does: it must fall to 0).
  if (GetParam() == "mig_gen" || GetParam() == "l2_gen") GTEST_SKIP() << "does not use the encoder";
  const Json s = make()->evaluate(w.inputs(w.constant, Protocol::kDl));
  for (auto it = s.begin(); it != s.end(); ++it) {
    SCOPED_TRACE(it.key());
    if (is_count(it.key())) continue;
    if (is_distance(it.key())) {
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
  if (GetParam() != "mig_gen" && GetParam() != "l2_gen")
    EXPECT_THROW(m->evaluate(bad_dim), ConfigError);
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
