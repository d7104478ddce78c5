#include "metrics/ml/lasso_cv.h"

#include <cmath>
#include <limits>
#include <string>

#include "core/error.h"
#include "metrics/ml/lasso.h"

namespace fb::metrics::ml {

std::vector<std::pair<Eigen::Index, Eigen::Index>> kfold_ranges(Eigen::Index n, int folds) {
  std::vector<std::pair<Eigen::Index, Eigen::Index>> out;
  Eigen::Index begin = 0;
  for (int f = 0; f < folds; ++f) {
    const Eigen::Index size = n / folds + (f < n % folds ? 1 : 0);
    out.emplace_back(begin, begin + size);
    begin += size;
  }
  return out;
}

namespace {

// Rows of `m` outside [begin, end).
template <class M>
M without_rows(const M& m, Eigen::Index begin, Eigen::Index end) {
  M out(m.rows() - (end - begin), m.cols());
  out.topRows(begin) = m.topRows(begin);
  out.bottomRows(m.rows() - end) = m.bottomRows(m.rows() - end);
  return out;
}

}  // namespace

LassoCvResult lasso_cv(const Eigen::Ref<const Eigen::MatrixXd>& x,
                       const Eigen::Ref<const Eigen::VectorXd>& y, const LassoCvOptions& options) {
  const Eigen::Index n = x.rows(), d = x.cols();
  if (y.size() != n) {
    throw DataError("LassoCV: " + std::to_string(n) + " feature rows but " +
                    std::to_string(y.size()) + " targets");
  }
  if (n < options.folds) {
    throw DataError("LassoCV: " + std::to_string(n) + " rows cannot make " +
                    std::to_string(options.folds) + " folds");
  }
  if (!x.allFinite() || !y.allFinite()) throw DataError("LassoCV: the inputs contain NaN or Inf");

  LassoCvResult result;
  // scikit-learn's _alpha_grid on the centred full data.
  const Eigen::MatrixXd xc = x.rowwise() - x.colwise().mean();
  const Eigen::VectorXd yc = y.array() - y.mean();
  const double alpha_max = (xc.transpose() * yc).cwiseAbs().maxCoeff() / static_cast<double>(n);
  result.alphas.resize(options.n_alphas);
  const double resolution = 1e-15;  // np.finfo(float64).resolution
  if (alpha_max <= resolution) {
    result.alphas.setConstant(resolution);
  } else {
    // np.logspace(log10(alpha_max·eps), log10(alpha_max), n_alphas)[::-1]
    const double lo = std::log10(alpha_max * options.eps), hi = std::log10(alpha_max);
    for (int a = 0; a < options.n_alphas; ++a) {
      const double t =
          options.n_alphas == 1 ? 1.0 : static_cast<double>(a) / (options.n_alphas - 1);
      result.alphas[options.n_alphas - 1 - a] = std::pow(10.0, lo + t * (hi - lo));
    }
  }

  result.mean_mse.setZero(options.n_alphas);
  const Eigen::MatrixXd xm = x;
  const Eigen::MatrixXd ym = y;
  for (const auto& [begin, end] : kfold_ranges(n, options.folds)) {
    // The fold's centred design and Gram are shared by its whole alpha path.
    const LassoDesign x_train(without_rows(xm, begin, end));
    const LassoDesign y_train(without_rows(ym, begin, end));
    const Eigen::MatrixXd x_test = xm.middleRows(begin, end - begin);
    const Eigen::MatrixXd y_test = ym.middleRows(begin, end - begin);
    Eigen::MatrixXd coef = Eigen::MatrixXd::Zero(1, d);
    for (int a = 0; a < options.n_alphas; ++a) {
      Lasso lasso({result.alphas[a], options.max_iter, options.tol});
      lasso.fit(x_train, y_train, coef);
      coef = lasso.coef();
      result.mean_mse[a] += (lasso.predict(x_test) - y_test).squaredNorm() /
                            static_cast<double>(end - begin) / options.folds;
    }
  }
  Eigen::Index best = 0;
  for (Eigen::Index a = 1; a < options.n_alphas; ++a)
    if (result.mean_mse[a] < result.mean_mse[best]) best = a;
  result.alpha = result.alphas[best];
  Lasso refit({result.alpha, options.max_iter, options.tol});
  refit.fit(xm, ym);
  result.coef = refit.coef().row(0).transpose();
  result.intercept = refit.intercept()[0];
  return result;
}

}  // namespace fb::metrics::ml
