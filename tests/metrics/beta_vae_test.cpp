#include "metrics/beta_vae.h"

#include <gtest/gtest.h>

#include "core/error.h"
#include "metrics/metric.h"
#include "tests/metrics/toy_encoder.h"

namespace fb::metrics {
namespace {

Json small_config() {
  return Json{{"batch_size", 16},
              {"num_train", 300},
              {"num_eval", 100},
              {"cr_groups", 200},
              {"cr_group_size", 20}};
}

MetricInputs toy_inputs(const data::Dataset& ds, const Encoder& enc, Protocol p) {
  MetricInputs in;
  in.dataset = &ds;
  in.encode_mean = enc;
  in.code_dim = ds.num_factors();
  in.protocol = p;
  in.seed = 3;
  return in;
}

TEST(BetaVae, PairFeatureIsMeanAbsoluteDifference) {
  Codes g(4, 2);
  g << 0, 0, 1, 2,  // pair 1: |Δ| = (1, 2)
      5, 5, 5, 1;   // pair 2: |Δ| = (0, 4)
  const Eigen::MatrixXd f = pair_features(g, 4);
  ASSERT_EQ(f.rows(), 1);
  EXPECT_DOUBLE_EQ(f(0, 0), 0.5);
  EXPECT_DOUBLE_EQ(f(0, 1), 3.0);
}

TEST(BetaVae, IdentityOnToyScoresNearOne) {
  test::ToyDataset ds({2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 32, 32, 1, 16);
  const auto enc = test::identity_encoder(ds);
  const auto m = make_metric("beta_vae", small_config());
  for (Protocol p : {Protocol::kDl, Protocol::kCr}) {
    const Json s = m->evaluate(toy_inputs(ds, enc, p));
    EXPECT_GT(s["beta_vae"].get<double>(), 0.9) << to_string(p);
    EXPECT_LE(s["beta_vae"].get<double>(), 1.0);
  }
}

TEST(BetaVae, ConstantRepresentationIsAtChance) {
  test::ToyDataset ds({3, 4, 5, 6}, 16, 16, 1, 8);
  const Json s = make_metric("beta_vae", small_config())
                     ->evaluate(toy_inputs(ds, test::constant_encoder(4), Protocol::kDl));
  EXPECT_LT(s["beta_vae"].get<double>(), 0.4);  // one class predicted for every point: ≈ 1/4
}

TEST(BetaVae, ProtocolsScoreDifferentSplits) {
  test::ToyDataset ds({3, 4, 5}, 16, 16, 1, 8);
  const auto enc = test::identity_encoder(ds);
  const auto m = make_metric("beta_vae", small_config());
  EXPECT_TRUE(m->evaluate(toy_inputs(ds, enc, Protocol::kDl)).contains("beta_vae_eval_accuracy"));
  EXPECT_FALSE(m->evaluate(toy_inputs(ds, enc, Protocol::kCr)).contains("beta_vae_eval_accuracy"));
}

TEST(BetaVae, SingleFactorLabelsThrow) {
  EXPECT_THROW(beta_vae_score(Eigen::MatrixXd::Ones(3, 2), {1, 1, 1}, Eigen::MatrixXd(0, 2), {},
                              SklearnEra::kPaper),
               DataError);
  EXPECT_THROW(pair_features(Codes::Zero(5, 2), 2), DataError);
}

}  // namespace
}  // namespace fb::metrics
