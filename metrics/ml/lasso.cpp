#include "metrics/ml/lasso.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/error.h"

namespace fb::metrics::ml {

namespace {

double soft_threshold(double value, double threshold) {
  const double magnitude = std::max(std::abs(value) - threshold, 0.0);
  return value < 0.0 ? -magnitude : magnitude;
}

}  // namespace

void Lasso::fit(const Eigen::Ref<const Eigen::MatrixXd>& x,
                const Eigen::Ref<const Eigen::MatrixXd>& y) {
  fit_impl(x, y, nullptr);
}

void Lasso::fit(const Eigen::Ref<const Eigen::MatrixXd>& x,
                const Eigen::Ref<const Eigen::MatrixXd>& y, const Eigen::MatrixXd& start) {
  if (start.rows() != y.cols() || start.cols() != x.cols()) {
    throw DataError("Lasso: warm start is " + std::to_string(start.rows()) + "x" +
                    std::to_string(start.cols()) + ", expected " + std::to_string(y.cols()) + "x" +
                    std::to_string(x.cols()));
  }
  fit_impl(x, y, &start);
}

LassoDesign::LassoDesign(const Eigen::Ref<const Eigen::MatrixXd>& x)
    : mean(x.colwise().mean()),
      centred(x.rowwise() - mean),
      gram(centred.transpose() * centred),
      squared_norms(centred.colwise().squaredNorm()) {
  if (!x.allFinite()) throw DataError("Lasso: the inputs contain NaN or Inf");
}

void Lasso::fit(const LassoDesign& x, const LassoDesign& y) {
  if (x.centred.rows() != y.centred.rows()) {
    throw DataError("Lasso: " + std::to_string(x.centred.rows()) + " feature rows but " +
                    std::to_string(y.centred.rows()) + " target rows");
  }
  if (x.centred.rows() == 0) throw DataError("Lasso: no training samples");
  solve(x, y.mean, y.centred, y.squared_norms, nullptr);
}

void Lasso::fit(const LassoDesign& x, const LassoDesign& y, const Eigen::MatrixXd& start) {
  if (x.centred.rows() != y.centred.rows() || start.rows() != y.centred.cols() ||
      start.cols() != x.centred.cols()) {
    throw DataError("Lasso: designs of " + std::to_string(x.centred.rows()) + " and " +
                    std::to_string(y.centred.rows()) + " rows or a warm start of the wrong shape");
  }
  if (x.centred.rows() == 0) throw DataError("Lasso: no training samples");
  solve(x, y.mean, y.centred, y.squared_norms, &start);
}

void Lasso::fit_impl(const Eigen::Ref<const Eigen::MatrixXd>& x,
                     const Eigen::Ref<const Eigen::MatrixXd>& y, const Eigen::MatrixXd* start) {
  if (x.rows() != y.rows()) {
    throw DataError("Lasso: " + std::to_string(x.rows()) + " feature rows but " +
                    std::to_string(y.rows()) + " target rows");
  }
  if (x.rows() == 0) throw DataError("Lasso: no training samples");
  if (!x.allFinite() || !y.allFinite()) throw DataError("Lasso: the inputs contain NaN or Inf");
  const LassoDesign design(x);
  const Eigen::RowVectorXd y_mean = y.colwise().mean();
  const Eigen::MatrixXd yc = y.rowwise() - y_mean;
  const Eigen::VectorXd yy = yc.colwise().squaredNorm();  // [T]
  solve(design, y_mean, yc, yy, start);
}

void Lasso::solve(const LassoDesign& design, const Eigen::RowVectorXd& y_mean,
                  const Eigen::MatrixXd& yc, const Eigen::VectorXd& yy,
                  const Eigen::MatrixXd* start) {
  const Eigen::Index n = design.centred.rows(), d = design.centred.cols(), targets = yc.cols();
  const Eigen::RowVectorXd& x_mean = design.mean;
  const Eigen::MatrixXd& gram = design.gram;                    // [d, d]
  const Eigen::MatrixXd xty = design.centred.transpose() * yc;  // [d, T]
  // scikit-learn scales the penalty by N because its solver works on the unnormalised ½‖r‖².
  const double l1 = options_.alpha * static_cast<double>(n);

  coef_.setZero(targets, d);
  intercept_.resize(targets);
  iterations_.setZero(targets);
  for (Eigen::Index t = 0; t < targets; ++t) {
    Eigen::VectorXd w = Eigen::VectorXd::Zero(d);
    if (start != nullptr) w = start->row(t).transpose();
    for (Eigen::Index j = 0; j < d; ++j)
      if (gram(j, j) == 0.0) w[j] = 0.0;  // constant columns keep weight 0
    const Eigen::VectorXd q = xty.col(t);
    // Xᵀ(y − Xw): the residual's correlation with each column
    Eigen::VectorXd corr = start != nullptr ? Eigen::VectorXd(q - gram * w) : q;
    const double gap_tol = options_.tol * yy[t];
    int iter = 0;
    // A constant target keeps w = 0; scikit-learn's gap test (gap < 0) then never passes either.
    if (yy[t] == 0.0) iter = options_.max_iter;
    for (; iter < options_.max_iter; ++iter) {
      double w_max = 0.0, dw_max = 0.0;
      for (Eigen::Index j = 0; j < d; ++j) {
        const double norm = gram(j, j);
        if (norm == 0.0) continue;
        const double old = w[j];
        const double updated = soft_threshold(corr[j] + norm * old, l1) / norm;
        if (updated != old) {
          corr -= gram.col(j) * (updated - old);
          w[j] = updated;
        }
        dw_max = std::max(dw_max, std::abs(updated - old));
        w_max = std::max(w_max, std::abs(updated));
      }
      if (w_max == 0.0 || dw_max / w_max < options_.tol || iter == options_.max_iter - 1) {
        // Duality gap of the unnormalised problem, from the Gram quantities.
        const double wq = w.dot(q);
        const double r_norm2 = std::max(yy[t] - 2.0 * wq + w.dot(gram * w), 0.0);
        const double dual_norm = corr.lpNorm<Eigen::Infinity>();
        double scale = 1.0, gap = r_norm2;
        if (dual_norm > l1) {
          scale = l1 / dual_norm;
          gap = 0.5 * r_norm2 * (1.0 + scale * scale);
        }
        gap += l1 * w.lpNorm<1>() - scale * (yy[t] - wq);
        if (gap < gap_tol) {
          ++iter;
          break;
        }
      }
    }
    iterations_[t] = iter;
    coef_.row(t) = w.transpose();
    intercept_[t] = y_mean[t] - x_mean.dot(w);
  }
}

Eigen::MatrixXd Lasso::predict(const Eigen::Ref<const Eigen::MatrixXd>& x) const {
  if (x.cols() != coef_.cols()) {
    throw DataError("Lasso: fitted on " + std::to_string(coef_.cols()) + " features, got " +
                    std::to_string(x.cols()));
  }
  Eigen::MatrixXd out = x * coef_.transpose();
  out.rowwise() += intercept_.transpose();
  return out;
}

}  // namespace fb::metrics::ml
