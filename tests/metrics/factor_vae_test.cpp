#include "metrics/factor_vae.h"

#include <gtest/gtest.h>

#include "core/error.h"
#include "metrics/metric.h"
#include "tests/metrics/toy_encoder.h"

namespace fb::metrics {
namespace {

Json small_config() {
  return Json{{"batch_size", 16},
              {"num_train", 200},
              {"num_eval", 100},
              {"num_variance_estimate", 400},
              {"cr_groups", 100},
              {"cr_group_size", 20},
              {"cr_normalise_samples", 400}};
}

MetricInputs toy_inputs(const data::Dataset& ds, const Encoder& enc, Protocol p) {
  MetricInputs in;
  in.dataset = &ds;
  in.encode_mean = enc;
  in.code_dim = ds.num_factors();
  in.protocol = p;
  in.seed = 7;
  return in;
}

TEST(FactorVae, VoteChoosesLeastVaryingActiveDim) {
  // One group of 3 rows: dim 0 varies, dim 1 is fixed, dim 2 fixed but inactive.
  Codes g(3, 3);
  g << 0, 1, 5, 1, 1, 5, 2, 1, 5;
  const auto v = factor_vae_votes(g, 3, {1}, 2, Eigen::VectorXd::Ones(3), {true, true, false});
  EXPECT_EQ(v(1, 1), 1);
  EXPECT_EQ(v.sum(), 1);
}

TEST(FactorVae, MajorityClassifierAndAccuracy) {
  VoteMatrix v(2, 3);
  v << 5, 1, 0,  //
      1, 3, 0;
  const auto map = majority_classifier(v);
  EXPECT_EQ(map, (std::vector<std::int64_t>{0, 1, 0}));
  EXPECT_DOUBLE_EQ(vote_accuracy(v, map), 8.0 / 10.0);
  EXPECT_EQ(vote_accuracy(VoteMatrix::Zero(2, 3), map), 0.0);
}

TEST(FactorVae, AllDimsPrunedScoresZero) {
  const Codes g = Codes::Zero(4, 2);
  const auto r = factor_vae_dl(g, {0, 1}, g, {0, 1}, 2, 2, Eigen::VectorXd::Zero(2));
  EXPECT_EQ(r.num_active_dims, 0);
  EXPECT_EQ(r.eval_accuracy, 0.0);
}

TEST(FactorVae, CrScoreIsRowMaxOverGroups) {
  // Four groups of 2 rows; votes: factor 0 -> dim 0 twice, factor 1 -> dim 0 once and dim 1 once.
  Codes g(8, 2);
  g << 0, 0, 0, 5,  // group 0: dim 0 fixed
      0, 0, 0, 5,   // group 1: dim 0 fixed
      0, 0, 0, 5,   // group 2 (factor 1): dim 0 fixed
      0, 1, 5, 1;   // group 3 (factor 1): dim 1 fixed
  const auto r = factor_vae_cr(g, {0, 0, 1, 1}, 2, 2, Eigen::VectorXd::Ones(2));
  EXPECT_DOUBLE_EQ(r.train_accuracy, 3.0 / 4.0);
}

TEST(FactorVae, IdentityOnToyScoresOne) {
  test::ToyDataset ds({2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 32, 32, 1, 16);
  const auto enc = test::identity_encoder(ds);
  const auto m = make_metric("factor_vae", small_config());
  for (Protocol p : {Protocol::kDl, Protocol::kCr}) {
    const Json s = m->evaluate(toy_inputs(ds, enc, p));
    EXPECT_GT(s["factor_vae"].get<double>(), 0.9) << to_string(p);
    EXPECT_LE(s["factor_vae"].get<double>(), 1.0);
  }
}

TEST(FactorVae, IdentityOnDspritesGridScoresExactlyOne) {
  // docs/protocols.md §4.8: codes = class indices on dSprites' factor grid score 1.0 (the fixed factor's
  // code has zero local variance in every vote).
  test::ToyDataset ds({3, 6, 40, 32, 32}, 64, 64, 1, 8);
  const Json s = make_metric("factor_vae", small_config())
                     ->evaluate(toy_inputs(ds, test::identity_encoder(ds), Protocol::kDl));
  EXPECT_EQ(s["factor_vae"].get<double>(), 1.0);
  EXPECT_EQ(s["factor_vae_num_active_dims"].get<int>(), 5);
}

TEST(FactorVae, ConstantRepresentationScoresZeroInBothProtocols) {
  test::ToyDataset ds({3, 4}, 16, 16, 1, 8);
  const auto enc = test::constant_encoder(2);
  const auto m = make_metric("factor_vae", small_config());
  EXPECT_EQ(m->evaluate(toy_inputs(ds, enc, Protocol::kDl))["factor_vae"].get<double>(), 0.0);
  EXPECT_EQ(m->evaluate(toy_inputs(ds, enc, Protocol::kCr))["factor_vae"].get<double>(), 0.0);
}

TEST(FactorVae, ProtocolsReportDifferentScores) {
  // DL prunes a low-variance dim and scores eval votes; CR keeps it and scores its training votes.
  test::ToyDataset ds({4, 4, 4}, 24, 24, 1, 8);
  const auto id = test::identity_encoder(ds);
  Encoder shrunk = [&](const std::uint8_t* im, std::int64_t n, float* z) {
    id(im, n, z);
    for (std::int64_t i = 0; i < n; ++i)
      z[i * 3 + 2] *= 0.01f;  // std ≈ 0.004 < 0.05: pruned under DL
  };
  const auto m = make_metric("factor_vae", small_config());
  const Json dl = m->evaluate(toy_inputs(ds, shrunk, Protocol::kDl));
  const Json cr = m->evaluate(toy_inputs(ds, shrunk, Protocol::kCr));
  EXPECT_EQ(dl["factor_vae_num_active_dims"].get<int>(), 2);
  EXPECT_EQ(cr["factor_vae_num_active_dims"].get<int>(), 3);
  EXPECT_TRUE(dl.contains("factor_vae_eval_accuracy"));
  EXPECT_FALSE(cr.contains("factor_vae_eval_accuracy"));
  EXPECT_LT(dl["factor_vae"].get<double>(), 0.8);  // factor 2's groups vote for a wrong dim
  EXPECT_GT(cr["factor_vae"].get<double>(), 0.9);
}

TEST(FactorVae, BadShapesThrow) {
  EXPECT_THROW(
      factor_vae_votes(Codes::Zero(5, 2), 2, {0, 1}, 2, Eigen::VectorXd::Ones(2), {true, true}),
      DataError);
  EXPECT_THROW(
      factor_vae_votes(Codes::Zero(2, 2), 1, {0, 1}, 2, Eigen::VectorXd::Ones(2), {true, true}),
      ConfigError);
  EXPECT_THROW(make_metric("factor_vae", Json{{"batch_size", 1}}), ConfigError);
}

}  // namespace
}  // namespace fb::metrics
