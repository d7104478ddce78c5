#include "metrics/ml/lbfgs.h"

#include <gtest/gtest.h>

namespace fb::metrics::ml {
namespace {

TEST(Lbfgs, MinimisesAnIllConditionedQuadratic) {
  // f = ½ Σ a_i (x_i − i)², a from 1 to 1000: minimum at x_i = i.
  const Eigen::Vector4d a(1.0, 10.0, 100.0, 1000.0), target(0.0, 1.0, 2.0, 3.0);
  Objective f = [&](const Eigen::VectorXd& x, Eigen::VectorXd& g) {
    const Eigen::VectorXd r = x - target;
    g = a.cwiseProduct(r);
    return 0.5 * r.dot(g);
  };
  LbfgsOptions options;
  options.gtol = 1e-10;
  options.ftol = 0.0;
  const LbfgsResult r = minimize_lbfgs(f, Eigen::VectorXd::Zero(4), options);
  EXPECT_TRUE(r.converged);
  EXPECT_LE((r.x - target).lpNorm<Eigen::Infinity>(), 1e-9);
}

TEST(Lbfgs, SolvesRosenbrock) {
  Objective f = [](const Eigen::VectorXd& x, Eigen::VectorXd& g) {
    const double a = 1.0 - x[0], b = x[1] - x[0] * x[0];
    g[0] = -2.0 * a - 400.0 * x[0] * b;
    g[1] = 200.0 * b;
    return a * a + 100.0 * b * b;
  };
  LbfgsOptions options;
  options.max_iter = 200;
  options.gtol = 1e-8;
  options.ftol = 0.0;
  const LbfgsResult r = minimize_lbfgs(f, Eigen::Vector2d(-1.2, 1.0), options);
  EXPECT_NEAR(r.x[0], 1.0, 1e-6);
  EXPECT_NEAR(r.x[1], 1.0, 1e-6);
}

TEST(Lbfgs, StopsAtMaxIter) {
  Objective f = [](const Eigen::VectorXd& x, Eigen::VectorXd& g) {
    const double a = 1.0 - x[0], b = x[1] - x[0] * x[0];
    g[0] = -2.0 * a - 400.0 * x[0] * b;
    g[1] = 200.0 * b;
    return a * a + 100.0 * b * b;
  };
  LbfgsOptions options;
  options.max_iter = 3;
  const LbfgsResult r = minimize_lbfgs(f, Eigen::Vector2d(-1.2, 1.0), options);
  EXPECT_LE(r.iterations, 3);
  EXPECT_FALSE(r.converged);
}

}  // namespace
}  // namespace fb::metrics::ml
