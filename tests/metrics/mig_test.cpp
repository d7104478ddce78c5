#include "metrics/mig.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/error.h"
#include "metrics/metric.h"
#include "tests/metrics/code_sets.h"
#include "tests/metrics/toy_encoder.h"

namespace fb::metrics {
namespace {

TEST(Mig, PerfectCodesScoreNearOne) {
  const Factors f = test::random_factors(2000, {2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 1);
  const auto r = mig(test::identity_codes(f), f);
  EXPECT_GT(r.mig, 0.9);
  EXPECT_LE(r.mig, 1.0);
}

TEST(Mig, DuplicatedLatentScoresBelowPointOne) {
  const Factors f = test::random_factors(2000, {3, 6, 10}, 2);
  EXPECT_LT(mig(test::duplicated_codes(test::identity_codes(f)), f).mig, 0.1);
}

TEST(Mig, ConstantCodesScoreZero) {
  const Factors f = test::random_factors(500, {3, 6}, 3);
  EXPECT_EQ(mig(Codes(Codes::Zero(500, 4)), f).mig, 0.0);
}

TEST(Mig, DspritesIdentityMatchesDerivedAnchor) {
  // docs/protocols.md §4.8: per factor 0.998, 0.998, 0.802, 0.841, 0.840 at 10,000 samples. The anchor
  // includes the plug-in estimator's bias, which depends on N, so this test uses the anchor's N (it
  // runs in ~10 ms).
  const Factors f = test::random_factors(10000, {3, 6, 40, 32, 32}, 4);
  const auto r = mig(test::identity_codes(f), f);
  const double anchor[] = {0.998, 0.998, 0.802, 0.841, 0.840};
  for (int k = 0; k < 5; ++k) EXPECT_NEAR(r.per_factor(k), anchor[k], 0.005) << "factor " << k;
  EXPECT_NEAR(r.mig, 0.896, 0.003);
}

TEST(Mig, CrProtocolScoresClassIdsUnlessBinned) {
  // InfoGAN-CR's metric.py scores dSprites against latent_id, the class ids: a 40-valued factor
  // keeps its 40 classes under CR as under DL (20 code bins cap the identity's MI at ln 20, ≈ 0.81
  // of ln 40). Only factors listed in cr_binned_factors are re-binned ×20 like the code (the
  // reference does that for Teapots' continuous latents); then the identity recovers them fully.
  test::ToyDataset ds({40}, 64, 8, 1, 8);
  const auto enc = test::identity_encoder(ds);
  MetricInputs in;
  in.dataset = &ds;
  in.encode_mean = enc;
  in.code_dim = 1;
  const Json sizes{{"num_train", 2000}, {"cr_num_samples", 2000}};
  const double dl = make_metric("mig", sizes)->evaluate(in)["mig"].get<double>();
  in.protocol = Protocol::kCr;
  const double cr = make_metric("mig", sizes)->evaluate(in)["mig"].get<double>();
  Json binned = sizes;
  binned["cr_binned_factors"] = {"factor0"};
  const double cr_binned = make_metric("mig", binned)->evaluate(in)["mig"].get<double>();
  EXPECT_NEAR(dl, std::log(20.0) / std::log(40.0), 0.02);
  EXPECT_NEAR(cr, std::log(20.0) / std::log(40.0), 0.02);
  EXPECT_NEAR(cr_binned, 1.0, 1e-9);
}

TEST(Mig, SingleClassFactorIsReportedNotDivided) {
  Factors f = test::random_factors(300, {4, 4}, 5);
  f.col(1).setZero();
  const auto r = mig(test::identity_codes(f), f);
  ASSERT_EQ(r.undefined_factors, std::vector<int>{1});
  EXPECT_TRUE(std::isnan(r.per_factor(1)));
  EXPECT_TRUE(std::isfinite(r.mig));
}

TEST(Mig, AllFactorsSingleClassThrows) {
  Factors f = Factors::Zero(10, 2);
  EXPECT_THROW(mig(Codes(Codes::Random(10, 2)), f), DataError);
}

TEST(Mig, MismatchedRowsThrow) {
  EXPECT_THROW(mig(Codes(Codes::Zero(10, 2)), Factors::Zero(11, 2)), DataError);
  EXPECT_THROW(mig(Codes(0, 2), Factors::Zero(0, 2)), DataError);
}

// evaluate-codes and the Python package reach the registered metric's evaluate_codes with its config:
// `bins` must be the configured one, not the default.
TEST(Mig, CodesPathUsesConfiguredBins) {
  const Factors f = test::random_factors(400, {3, 4, 5}, 5);
  Codes c = test::identity_codes(f);
  for (Eigen::Index i = 0; i < c.rows(); ++i) c(i, 0) += 0.3f * static_cast<float>(i % 7);
  const CodesView view = c;
  CodeInputs in;
  in.train_codes = in.test_codes = &view;
  in.train_factors = in.test_factors = &f;
  const Json five = make_metric("mig", Json{{"bins", 5}})->evaluate_codes(in);
  EXPECT_EQ(five["mig"].get<double>(), mig(c, f, 5).mig);
  EXPECT_NE(mig(c, f, 5).mig, mig(c, f).mig);
}

}  // namespace
}  // namespace fb::metrics
