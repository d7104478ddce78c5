#include "metrics/ml/logistic_regression.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/error.h"

namespace fb::metrics::ml {
namespace {

TEST(LogisticRegression, PaperEraMatchesTheClosedFormOptimum) {
  // Points ±1, labels 0/1, intercept regularised: by symmetry b = 0 and w solves
  // w = 2·C·σ(−w) (gradient of ½w² + 2·log(1 + e^{−w})); Newton on that scalar equation as
  // reference.
  Eigen::MatrixXd x(2, 1);
  x << -1, 1;
  Labels y(2);
  y << 0, 1;
  LogisticRegression lr;
  lr.fit(x, y, SklearnEra::kPaper);
  double w = 0.0;
  for (int i = 0; i < 50; ++i) {
    const double s = 1.0 / (1.0 + std::exp(w));  // σ(−w)
    w -= (w - 2.0 * s) / (1.0 + 2.0 * s * (1.0 - s));
  }
  EXPECT_NEAR(lr.coef()(0, 0), w, 1e-9);
  EXPECT_NEAR(lr.intercept()[0], 0.0, 1e-12);
}

TEST(LogisticRegression, PaperEraRegularisesTheIntercept) {
  // All-positive-side data far from 0: an unpenalised intercept would grow without bound on the
  // class imbalance; the regularised one stays finite and smaller than the current era's.
  Eigen::MatrixXd x(4, 1);
  x << 0, 0, 0, 0;
  Labels y(4);
  y << 0, 1, 1, 1;
  LogisticRegression paper, current;
  paper.fit(x, y, SklearnEra::kPaper);
  current.fit(x, y, SklearnEra::kCurrent);
  EXPECT_NEAR(current.intercept()[0], std::log(3.0), 1e-3);  // unpenalised: the log-odds of 3:1
  EXPECT_GT(paper.intercept()[0], 0.0);
  EXPECT_LT(paper.intercept()[0], current.intercept()[0]);
}

TEST(LogisticRegression, ProbabilitiesSumToOneAndPredictTheArgmax) {
  Eigen::MatrixXd x(6, 2);
  x << 0, 0, 0.1, 0, 5, 0, 5.1, 0, 0, 5, 0, 5.1;
  Labels y(6);
  y << 0, 0, 1, 1, 2, 2;
  for (SklearnEra era : {SklearnEra::kPaper, SklearnEra::kCurrent}) {
    LogisticRegression lr;
    lr.fit(x, y, era);
    const Eigen::MatrixXd p = lr.predict_proba(x);
    ASSERT_EQ(p.cols(), 3);
    for (Eigen::Index i = 0; i < p.rows(); ++i) EXPECT_NEAR(p.row(i).sum(), 1.0, 1e-12);
    EXPECT_EQ(lr.predict(x), y);
  }
}

TEST(LogisticRegression, RejectsBadInput) {
  LogisticRegression lr;
  EXPECT_DEATH(lr.predict(Eigen::MatrixXd::Zero(1, 1)),
               "predict before fit");  // a programming error: FB_CHECK
  EXPECT_THROW(lr.fit(Eigen::MatrixXd::Zero(3, 1), Labels::Zero(2)), DataError);
  EXPECT_THROW(lr.fit(Eigen::MatrixXd::Zero(3, 1), Labels::Ones(3)), DataError);
}

}  // namespace
}  // namespace fb::metrics::ml
