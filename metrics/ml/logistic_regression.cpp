#include "metrics/ml/logistic_regression.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/error.h"
#include "metrics/ml/lbfgs.h"
#include "metrics/ml/newton_l2.h"

namespace fb::metrics::ml {

namespace {

constexpr double kC = 1.0;

// log(1 + e^{-m}) without overflow.
double log1p_exp_neg(double m) {
  return m > 0.0 ? std::log1p(std::exp(-m)) : -m + std::log1p(std::exp(m));
}
double sigmoid(double z) {
  return z >= 0.0 ? 1.0 / (1.0 + std::exp(-z)) : std::exp(z) / (1.0 + std::exp(z));
}

// liblinear's L2R_LR term C·log(1 + e^{−s_i·z}) on x̃ = [x, 1] (intercept regularised), with its
// derivative −C·s_i·q and second derivative C·q·(1 − q), q = 1 − σ(s_i·z).
struct LogisticLoss {
  const Eigen::VectorXd& sign;
  double value(Eigen::Index i, double z) const { return kC * log1p_exp_neg(sign[i] * z); }
  void derivatives(Eigen::Index i, double z, double& d1, double& d2) const {
    const double q = sigmoid(-sign[i] * z);
    d1 = -kC * sign[i] * q;
    d2 = kC * q * (1.0 - q);
  }
};

}  // namespace

void LogisticRegression::fit(const Eigen::Ref<const Eigen::MatrixXd>& x,
                             const Eigen::Ref<const Labels>& y, SklearnEra era) {
  if (x.rows() != y.size()) {
    throw DataError("LogisticRegression: " + std::to_string(x.rows()) + " feature rows but " +
                    std::to_string(y.size()) + " labels");
  }
  if (x.rows() == 0) throw DataError("LogisticRegression: no training samples");
  if (!x.allFinite()) throw DataError("LogisticRegression: the features contain NaN or Inf");
  encoder_ = LabelEncoder(y);
  if (encoder_.num_classes() < 2) {
    throw DataError("LogisticRegression: the training labels hold a single class (" +
                    std::to_string(encoder_.decode(0)) + "); at least two are needed");
  }
  era_ = era;
  std::vector<int> index = encoder_.encode(y);
  if (era == SklearnEra::kPaper) {
    Eigen::MatrixXd xt(x.rows(), x.cols() + 1);
    xt.leftCols(x.cols()) = x;
    xt.col(x.cols()).setOnes();
    fit_paper(xt, index);
  } else {
    fit_current(x, index);
  }
  fitted_ = true;
}

void LogisticRegression::fit_paper(const Eigen::MatrixXd& xt, const std::vector<int>& index) {
  const int num_classes = encoder_.num_classes();
  const int models = num_classes == 2 ? 1 : num_classes;
  const Eigen::Index n = xt.rows(), d = xt.cols() - 1;
  coef_.resize(models, d);
  intercept_.resize(models);
  Eigen::VectorXd sign(n);
  for (int m = 0; m < models; ++m) {
    const int positive = num_classes == 2 ? 1 : m;
    for (Eigen::Index i = 0; i < n; ++i)
      sign[i] = index[static_cast<std::size_t>(i)] == positive ? 1.0 : -1.0;
    Eigen::VectorXd w = minimize_l2_newton(xt, LogisticLoss{sign});
    coef_.row(m) = w.head(d).transpose();
    intercept_[m] = w[d];
  }
}

void LogisticRegression::fit_current(const Eigen::Ref<const Eigen::MatrixXd>& x,
                                     const std::vector<int>& index) {
  const int num_classes = encoder_.num_classes();
  const Eigen::Index n = x.rows(), d = x.cols();
  const Eigen::MatrixXd xd = x;
  if (num_classes == 2) {
    // Two classes: scikit-learn's "auto" picks one-vs-rest, one sigmoid model with a free
    // intercept.
    Eigen::VectorXd target(n);
    for (Eigen::Index i = 0; i < n; ++i)
      target[i] = index[static_cast<std::size_t>(i)] == 1 ? 1.0 : 0.0;
    Objective objective = [&](const Eigen::VectorXd& theta, Eigen::VectorXd& grad) {
      Eigen::VectorXd raw = xd * theta.head(d);
      raw.array() += theta[d];
      double loss = 0.0;
      Eigen::VectorXd err(n);
      for (Eigen::Index i = 0; i < n; ++i) {
        loss += log1p_exp_neg(-raw[i]) - target[i] * raw[i];  // log(1 + e^r) − y·r
        err[i] = sigmoid(raw[i]) - target[i];
      }
      grad.head(d) = xd.transpose() * err + theta.head(d) / kC;
      grad[d] = err.sum();
      return loss + 0.5 * theta.head(d).squaredNorm() / kC;
    };
    LbfgsResult r = minimize_lbfgs(objective, Eigen::VectorXd::Zero(d + 1));
    coef_ = r.x.head(d).transpose();
    intercept_ = r.x.tail(1);
    return;
  }
  const int k_count = num_classes;
  // theta = [W row-major (K × d), b (K)].
  Objective objective = [&](const Eigen::VectorXd& theta, Eigen::VectorXd& grad) {
    Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>> w(
        theta.data(), k_count, d);
    Eigen::Map<const Eigen::VectorXd> b(theta.data() + k_count * d, k_count);
    Eigen::MatrixXd raw = xd * w.transpose();  // [N, K]
    raw.rowwise() += b.transpose();
    double loss = 0.0;
    for (Eigen::Index i = 0; i < n; ++i) {
      double top = raw.row(i).maxCoeff();
      double sum = 0.0;
      for (int k = 0; k < k_count; ++k) sum += std::exp(raw(i, k) - top);
      double lse = top + std::log(sum);
      const int yi = index[static_cast<std::size_t>(i)];
      loss += lse - raw(i, yi);
      for (int k = 0; k < k_count; ++k) raw(i, k) = std::exp(raw(i, k) - lse);  // probabilities
      raw(i, yi) -= 1.0;                                                        // P − Y
    }
    Eigen::Map<Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>> gw(
        grad.data(), k_count, d);
    gw = raw.transpose() * xd + w / kC;
    grad.tail(k_count) = raw.colwise().sum().transpose();
    return loss + 0.5 * w.squaredNorm() / kC;
  };
  LbfgsResult r = minimize_lbfgs(objective, Eigen::VectorXd::Zero(k_count * (d + 1)));
  coef_ = Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
      r.x.data(), k_count, d);
  intercept_ = r.x.tail(k_count);
}

Eigen::MatrixXd LogisticRegression::predict_proba(
    const Eigen::Ref<const Eigen::MatrixXd>& x) const {
  FB_CHECK(fitted_, "LogisticRegression: predict before fit");
  if (x.cols() != coef_.cols()) {
    throw DataError("LogisticRegression: fitted on " + std::to_string(coef_.cols()) +
                    " features, got " + std::to_string(x.cols()));
  }
  Eigen::MatrixXd raw = x * coef_.transpose();
  raw.rowwise() += intercept_.transpose();
  const Eigen::Index n = x.rows();
  const int num_classes = encoder_.num_classes();
  Eigen::MatrixXd proba(n, num_classes);
  for (Eigen::Index i = 0; i < n; ++i) {
    if (num_classes == 2) {
      double p = sigmoid(raw(i, 0));
      proba(i, 0) = 1.0 - p;
      proba(i, 1) = p;
    } else if (era_ == SklearnEra::kPaper) {
      for (int k = 0; k < num_classes; ++k) proba(i, k) = sigmoid(raw(i, k));
      proba.row(i) /= proba.row(i).sum();
    } else {
      double top = raw.row(i).maxCoeff();
      for (int k = 0; k < num_classes; ++k) proba(i, k) = std::exp(raw(i, k) - top);
      proba.row(i) /= proba.row(i).sum();
    }
  }
  return proba;
}

Labels LogisticRegression::predict(const Eigen::Ref<const Eigen::MatrixXd>& x) const {
  FB_CHECK(fitted_, "LogisticRegression: predict before fit");
  if (x.cols() != coef_.cols()) {
    throw DataError("LogisticRegression: fitted on " + std::to_string(coef_.cols()) +
                    " features, got " + std::to_string(x.cols()));
  }
  // Like scikit-learn, decide on the decision values (monotone in the probabilities).
  Eigen::MatrixXd raw = x * coef_.transpose();
  raw.rowwise() += intercept_.transpose();
  return encoder_.decode_decisions(raw);
}

}  // namespace fb::metrics::ml
