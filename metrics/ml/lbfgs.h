// Limited-memory BFGS for smooth unconstrained problems, with the stopping rules scikit-learn
// passes to scipy's L-BFGS-B for LogisticRegression(solver="lbfgs"): projected-gradient max-norm <=
// gtol, relative decrease <= ftol, at most max_iter iterations.
#pragma once

#include <Eigen/Core>
#include <functional>

namespace fb::metrics::ml {

struct LbfgsOptions {
  int max_iter = 100;
  double gtol = 1e-4;
  /// scipy's default factr·eps: stop when (f_k − f_{k+1}) / max(|f_k|, |f_{k+1}|, 1) <= ftol.
  double ftol = 2.220446049250313e-09;
  /// Number of stored correction pairs (scipy's maxcor).
  int memory = 10;
  int max_line_search = 20;
};

struct LbfgsResult {
  Eigen::VectorXd x;
  double value = 0.0;
  int iterations = 0;
  bool converged = false;
};

/// Objective: returns f(x) and writes ∇f(x) into `grad` (already sized like x).
using Objective = std::function<double(const Eigen::VectorXd& x, Eigen::VectorXd& grad)>;

/// Minimises `f` from `x0` with two-loop-recursion L-BFGS and a strong-Wolfe line search
/// (sufficient decrease 1e-3, curvature 0.9, as scipy's dcsrch); the first step has length
/// 1/‖∇f(x0)‖.
LbfgsResult minimize_lbfgs(const Objective& f, Eigen::VectorXd x0,
                           const LbfgsOptions& options = {});

}  // namespace fb::metrics::ml
