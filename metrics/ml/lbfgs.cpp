#include "metrics/ml/lbfgs.h"

#include <algorithm>
#include <cmath>
#include <deque>

namespace fb::metrics::ml {

namespace {

constexpr double kSufficientDecrease = 1e-3;
constexpr double kCurvature = 0.9;

struct Point {
  double step = 0.0, value = 0.0, slope = 0.0;
};

// Minimiser of the cubic interpolating two points' values and slopes, kept inside [lo, hi] with a
// safeguard; falls back to bisection when the cubic is degenerate.
double interpolate(const Point& a, const Point& b) {
  double lo = std::min(a.step, b.step), hi = std::max(a.step, b.step);
  double d1 = a.slope + b.slope - 3.0 * (a.value - b.value) / (a.step - b.step);
  double disc = d1 * d1 - a.slope * b.slope;
  double mid = 0.5 * (lo + hi);
  if (!(disc >= 0.0)) return mid;
  double d2 = std::copysign(std::sqrt(disc), b.step - a.step);
  double t = b.step - (b.step - a.step) * (b.slope + d2 - d1) / (b.slope - a.slope + 2.0 * d2);
  double margin = 0.1 * (hi - lo);
  if (!std::isfinite(t) || t < lo + margin || t > hi - margin) return mid;
  return t;
}

}  // namespace

LbfgsResult minimize_lbfgs(const Objective& f, Eigen::VectorXd x0, const LbfgsOptions& options) {
  LbfgsResult result;
  Eigen::VectorXd x = std::move(x0);
  Eigen::VectorXd g(x.size()), g_new(x.size()), x_new(x.size());
  double value = f(x, g);
  std::deque<Eigen::VectorXd> s_hist, y_hist;
  std::deque<double> rho_hist;

  for (int iter = 0; iter < options.max_iter; ++iter) {
    if (g.lpNorm<Eigen::Infinity>() <= options.gtol) {
      result.converged = true;
      break;
    }
    // Two-loop recursion: d = −H·g with H seeded by the scaling sᵀy / yᵀy of the newest pair.
    Eigen::VectorXd q = g;
    std::vector<double> alpha(s_hist.size());
    for (std::size_t k = s_hist.size(); k-- > 0;) {
      alpha[k] = rho_hist[k] * s_hist[k].dot(q);
      q -= alpha[k] * y_hist[k];
    }
    if (!s_hist.empty()) q *= s_hist.back().dot(y_hist.back()) / y_hist.back().squaredNorm();
    for (std::size_t k = 0; k < s_hist.size(); ++k) {
      double beta = rho_hist[k] * y_hist[k].dot(q);
      q += (alpha[k] - beta) * s_hist[k];
    }
    Eigen::VectorXd d = -q;
    double slope0 = g.dot(d);
    if (!(slope0 < 0.0)) {  // lost descent (rounding): restart from steepest descent
      s_hist.clear(), y_hist.clear(), rho_hist.clear();
      d = -g;
      slope0 = g.dot(d);
    }
    double step = iter == 0 ? 1.0 / d.norm() : 1.0;

    // Strong-Wolfe line search: bracket, then zoom with cubic interpolation.
    Point prev{0.0, value, slope0}, lo{}, hi{};
    bool bracketed = false, accepted = false;
    double new_value = value;
    for (int ls = 0; ls < options.max_line_search; ++ls) {
      x_new = x + step * d;
      new_value = f(x_new, g_new);
      Point cur{step, new_value, g_new.dot(d)};
      if (!bracketed) {
        if (cur.value > value + kSufficientDecrease * step * slope0 ||
            (ls > 0 && cur.value >= prev.value)) {
          lo = prev, hi = cur, bracketed = true;
        } else if (std::abs(cur.slope) <= -kCurvature * slope0) {
          accepted = true;
          break;
        } else if (cur.slope >= 0.0) {
          lo = cur, hi = prev, bracketed = true;
        } else {
          prev = cur;
          step *= 4.0;
          continue;
        }
      } else {
        if (cur.value > value + kSufficientDecrease * step * slope0 || cur.value >= lo.value) {
          hi = cur;
        } else {
          if (std::abs(cur.slope) <= -kCurvature * slope0) {
            accepted = true;
            break;
          }
          if (cur.slope * (hi.step - lo.step) >= 0.0) hi = lo;
          lo = cur;
        }
      }
      step = interpolate(lo, hi);
    }
    if (!accepted) {
      // Fall back to the best sufficient-decrease point seen, if any.
      if (bracketed && lo.step > 0.0 && lo.value < value) {
        step = lo.step;
        x_new = x + step * d;
        new_value = f(x_new, g_new);
      } else {
        break;
      }
    }
    Eigen::VectorXd s = x_new - x, y = g_new - g;
    double sy = s.dot(y);
    double previous = value;
    x.swap(x_new);
    g.swap(g_new);
    value = new_value;
    result.iterations = iter + 1;
    if (sy > 1e-10 * y.squaredNorm()) {
      if (static_cast<int>(s_hist.size()) == options.memory) {
        s_hist.pop_front(), y_hist.pop_front(), rho_hist.pop_front();
      }
      s_hist.push_back(std::move(s));
      y_hist.push_back(std::move(y));
      rho_hist.push_back(1.0 / sy);
    }
    if ((previous - value) / std::max({std::abs(previous), std::abs(value), 1.0}) <= options.ftol) {
      result.converged = true;
      break;
    }
  }
  if (!result.converged && g.lpNorm<Eigen::Infinity>() <= options.gtol) result.converged = true;
  result.x = std::move(x);
  result.value = value;
  return result;
}

}  // namespace fb::metrics::ml
