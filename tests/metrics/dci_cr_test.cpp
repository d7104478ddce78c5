#include "metrics/dci_cr.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/error.h"
#include "core/threads.h"
#include "tests/metrics/code_sets.h"

namespace fb::metrics {
namespace {

// Every combination of 3 × 4 × 5 factor values once: the z-scored factors are exactly
// uncorrelated, so regressions on identity codes are hand-checkable.
Eigen::MatrixXd full_grid() {
  Eigen::MatrixXd v(60, 3);
  for (int i = 0; i < 60; ++i) v.row(i) << i % 3, (i / 3) % 4, i / 12;
  return v;
}

CrDciOptions only(std::vector<std::string> variants) {
  CrDciOptions o;
  o.variants = std::move(variants);
  o.rf_max_depth = o.rf_ibgan_max_depth = {4, 4, 4};
  return o;
}

TEST(CrDci, LassoOnIdentityCodesIsSoftThresholdedExactly) {
  const Eigen::MatrixXd v = full_grid();
  const auto s = cr_dci(Codes(v.cast<float>()), v, only({"lasso"}), 0);
  ASSERT_EQ(s.size(), 1u);
  // z-scored, uncorrelated columns: w_jj = 1 − α = 0.98, off-diagonals 0; residual = 0.02·y so
  // R² = 1 − 0.02².
  EXPECT_TRUE(s[0].importance.isApprox(0.98 * Eigen::MatrixXd::Identity(3, 3), 1e-12))
      << s[0].importance;
  EXPECT_NEAR(s[0].disentanglement, 1.0, 1e-9);
  EXPECT_NEAR(s[0].completeness, 1.0, 1e-9);
  EXPECT_NEAR(s[0].informativeness, 1.0 - 0.02 * 0.02, 1e-12);
}

TEST(CrDci, MixedCodeSplitsImportanceEquallyOverTwoFactors) {
  // Codes (v0 + v1, v2) against z-scored v0, v1, v2: lasso gives code 0 equal weight for factors 0
  // and 1 → its row has entropy ln2 in base 3.
  Eigen::MatrixXd v = zscore_columns(full_grid());
  Codes c(60, 2);
  c.col(0) = (v.col(0) + v.col(1)).cast<float>();
  c.col(1) = v.col(2).cast<float>();
  const auto s = cr_dci(c, v, only({"lasso"}), 0);
  const Eigen::MatrixXd& r = s[0].importance;
  EXPECT_NEAR(r(0, 0), r(0, 1), 1e-7);
  EXPECT_NEAR(r(1, 0), 0.0, 1e-12);
  const double rho0 = r.row(0).sum() / r.sum(), rho1 = r.row(1).sum() / r.sum();
  EXPECT_NEAR(s[0].disentanglement, rho0 * (1.0 - std::log(2.0) / std::log(3.0)) + rho1, 1e-6);
}

TEST(CrDci, CompletenessIsThePlainMeanOverFactors) {
  // Codes (v0 + v1, v0 − v1, v2) are orthogonal, so lasso's weights are exact soft thresholds:
  // factors 0 and 1 load 1/√2 − α on both of the first two codes, factor 2 loads 1 − α on code 2.
  // Per-factor completeness (base 3) is 1 − ln2/ln3, 1 − ln2/ln3 and 1; InfoGAN-CR's metric.py
  // averages them plainly (disentanglement_lib would weight them by column sums: ≈ 0.535).
  const Eigen::MatrixXd v = zscore_columns(full_grid());
  Codes c(60, 3);
  c.col(0) = (v.col(0) + v.col(1)).cast<float>();
  c.col(1) = (v.col(0) - v.col(1)).cast<float>();
  c.col(2) = v.col(2).cast<float>();
  const auto s = cr_dci(c, v, only({"lasso"}), 0);
  const double a = 1.0 / std::sqrt(2.0) - 0.02;
  EXPECT_NEAR(s[0].importance(0, 0), a, 1e-6);
  EXPECT_NEAR(s[0].importance(1, 1), a, 1e-6);
  EXPECT_NEAR(s[0].importance(2, 2), 0.98, 1e-6);
  const double split = 1.0 - std::log(2.0) / std::log(3.0);
  EXPECT_NEAR(s[0].completeness, (2.0 * split + 1.0) / 3.0, 1e-6);
}

TEST(CrDci, DefaultsAreThoseOfTheReferencesScikitLearn) {
  // metric.py ran under Python 2.7 (InfoGAN-CR's README), so scikit-learn <= 0.20: RandomForest-
  // Regressor() grew 10 trees and LassoCV() used 3 folds (100 and 5 only from 0.22).
  const CrDciOptions o;
  EXPECT_EQ(o.rf_trees, 10);
  EXPECT_EQ(o.lasso_cv_folds, 3);
  EXPECT_EQ(o.rf_cv_folds, 3);
}

TEST(CrDci, EveryVariantScoresIdentityCodesNearOne) {
  const Eigen::MatrixXd v = full_grid();
  CrDciOptions o = only(cr_dci_variant_names());
  o.rf_trees = 20;
  o.rf_cv_max_depth = 4;
  const auto s = cr_dci(Codes(v.cast<float>()), v, o, 3);
  ASSERT_EQ(s.size(), 5u);
  for (std::size_t i = 0; i < s.size(); ++i) {
    SCOPED_TRACE(o.variants[i]);
    EXPECT_GT(s[i].disentanglement, 0.95);
    EXPECT_GT(s[i].completeness, 0.95);
    EXPECT_GT(s[i].informativeness, 0.95);
  }
  EXPECT_EQ(s[2].depth, (std::vector<std::int64_t>{4, 4, 4}));
  for (std::int64_t d : s[4].depth) EXPECT_TRUE(d >= 2 && d <= 4) << d;
}

TEST(CrDci, NoiseCodesScoreLowInformativeness) {
  const Eigen::MatrixXd v = full_grid();
  const Codes noise = test::noisy_codes(Codes::Zero(60, 3), 1.0, 7);
  const auto s = cr_dci(noise, v, only({"lasso", "lasso_cv"}), 0);
  for (const auto& r : s) EXPECT_LT(r.informativeness, 0.3);
}

TEST(CrDci, DeterministicAndIndependentOfTheThreadCount) {
  const Eigen::MatrixXd v = full_grid();
  const Codes c = test::noisy_codes(v.cast<float>(), 0.5, 1);
  CrDciOptions o = only({"rf", "rf_cv"});
  o.rf_trees = 10;
  o.rf_cv_max_depth = 3;
  configure_threads(1);
  const auto one = cr_dci(c, v, o, 11);
  configure_threads(2);
  const auto two = cr_dci(c, v, o, 11);
  configure_threads(0);
  for (std::size_t i = 0; i < one.size(); ++i) {
    EXPECT_EQ(one[i].importance, two[i].importance);
    EXPECT_EQ(one[i].r2, two[i].r2);
    EXPECT_EQ(one[i].depth, two[i].depth);
  }
  const auto other_seed = cr_dci(c, v, o, 12);
  EXPECT_NE(one[0].importance, other_seed[0].importance);
}

TEST(CrDci, ConstantCodesGetZeroImportance) {
  const Eigen::MatrixXd v = full_grid();
  const auto s = cr_dci(Codes(Codes::Zero(60, 4)), v, only({"lasso", "rf"}), 0);
  for (const auto& r : s) EXPECT_EQ(r.importance.sum(), 0.0);
  EXPECT_NEAR(s[0].informativeness, 0.0, 1e-12);  // lasso predicts the mean exactly
  // Unsplit forest trees predict their bootstrap's mean, not the set's: R² slightly below 0.
  EXPECT_LE(s[1].informativeness, 0.0);
  EXPECT_GT(s[1].informativeness, -0.01);
}

TEST(CrDci, ConfigErrorsNameTheField) {
  const Eigen::MatrixXd v = full_grid();
  const Codes c = v.cast<float>();
  auto message = [&](const CrDciOptions& o) {
    try {
      cr_dci(c, v, o, 0);
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CrDciOptions o;  // default depth lists have 5 entries, the grid has 3 factors
  o.variants = {"rf"};
  EXPECT_NE(message(o).find("dci.rf_max_depth"), std::string::npos) << message(o);
  o.variants = {"rf_ibgan"};
  EXPECT_NE(message(o).find("dci.rf_ibgan_max_depth"), std::string::npos) << message(o);
  o.variants = {"forest"};
  EXPECT_NE(message(o).find("dci.cr_variants"), std::string::npos) << message(o);
  o.variants = {"lasso", "lasso"};
  EXPECT_NE(message(o).find("dci.cr_variants"), std::string::npos) << message(o);
  o.variants = {};
  EXPECT_NE(message(o).find("dci.cr_variants"), std::string::npos) << message(o);
  o = only({"lasso_cv"});
  o.lasso_cv_folds = 1;
  EXPECT_NE(message(o).find("dci.cr_lasso_cv_folds"), std::string::npos) << message(o);
  o = only({"rf_cv"});
  o.rf_cv_min_depth = 5;
  o.rf_cv_max_depth = 4;
  EXPECT_NE(message(o).find("dci.rf_cv_min_depth"), std::string::npos) << message(o);
}

TEST(CrDci, DataErrors) {
  const Eigen::MatrixXd v = full_grid();
  EXPECT_THROW(cr_dci(Codes(Codes::Zero(59, 2)), v, only({"lasso"}), 0), DataError);
  // Fewer rows than the 3 folds of the cross-validations.
  EXPECT_THROW(cr_dci(Codes(Codes::Zero(2, 2)), v.topRows(2), only({"lasso"}), 0), DataError);
  Codes nan = v.cast<float>();
  nan(3, 1) = std::nanf("");
  EXPECT_THROW(cr_dci(nan, v, only({"lasso"}), 0), DataError);
}

}  // namespace
}  // namespace fb::metrics
