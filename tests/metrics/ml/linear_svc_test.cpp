#include "metrics/ml/linear_svc.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace fb::metrics::ml {
namespace {

TEST(LinearSvc, SeparatesTwoClustersOnOneFeature) {
  Eigen::MatrixXd x(6, 1);
  x << -3, -2, -1, 1, 2, 3;
  Labels y(6);
  y << 4, 4, 4, 7, 7, 7;
  LinearSvc svc(LinearSvcOptions{1.0, false});
  svc.fit(x, y);
  EXPECT_EQ(svc.predict(x), y);
  EXPECT_EQ(svc.classes(), (std::vector<std::int64_t>{4, 7}));
  EXPECT_EQ(svc.coef().rows(), 1);  // two classes: one model
}

TEST(LinearSvc, MatchesTheClosedFormOptimum) {
  // Symmetric points ±1 with C = 1, no class weights: by symmetry b = 0 and all four margins are
  // active, so w minimises ½w² + 4(1 − w)², giving w = 8/9.
  Eigen::MatrixXd x(4, 1);
  x << -1, -1, 1, 1;
  Labels y(4);
  y << 0, 0, 1, 1;
  LinearSvc svc(LinearSvcOptions{1.0, false});
  svc.fit(x, y);
  EXPECT_NEAR(svc.coef()(0, 0), 8.0 / 9.0, 1e-10);
  EXPECT_NEAR(svc.intercept()[0], 0.0, 1e-10);
}

TEST(LinearSvc, OneVsRestPredictsTheFirstMaximumOnTies) {
  // A constant feature and balanced classes: the three one-vs-rest problems are identical, so the
  // decisions tie exactly and the first class wins.
  Eigen::MatrixXd x = Eigen::MatrixXd::Zero(9, 1);
  Labels y(9);
  y << 2, 1, 0, 2, 1, 0, 2, 1, 0;
  LinearSvc svc;
  svc.fit(x, y);
  EXPECT_EQ(svc.coef().rows(), 3);
  EXPECT_EQ(svc.intercept()[0], svc.intercept()[2]);
  EXPECT_EQ(svc.predict(x), Labels::Zero(9));
}

TEST(LinearSvc, RejectsBadInput) {
  LinearSvc svc;
  EXPECT_THROW(svc.fit(Eigen::MatrixXd::Zero(3, 1), Labels::Zero(2)), DataError);
  EXPECT_THROW(svc.fit(Eigen::MatrixXd::Zero(3, 1), Labels::Zero(3)), DataError);  // one class
}

}  // namespace
}  // namespace fb::metrics::ml
