#include "metrics/sap.h"

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "core/error.h"
#include "metrics/ml/label_encoder.h"
#include "metrics/ml/linear_svc.h"
#include "metrics/ml/parallel_tasks.h"

namespace fb::metrics {

double sap_from_scores(const Eigen::MatrixXd& scores) {
  if (scores.rows() < 2) throw DataError("SAP: needs at least 2 code dimensions for a top-2 gap");
  double total = 0.0;
  for (Eigen::Index j = 0; j < scores.cols(); ++j) {
    std::vector<double> col(scores.col(j).data(), scores.col(j).data() + scores.rows());
    std::partial_sort(col.begin(), col.begin() + 2, col.end(), std::greater<double>());
    total += col[0] - col[1];
  }
  return total / static_cast<double>(scores.cols());
}

SapResult sap(const CodesView& train, const Factors& train_f, const CodesView& test,
              const Factors& test_f) {
  check_train_test(train, train_f, test, test_f, "SAP");
  const Eigen::Index d = train.cols(), k = train_f.cols();
  if (d < 2) throw DataError("SAP: needs at least 2 code dimensions for a top-2 gap (D = 1)");
  std::vector<ml::Labels> train_labels(static_cast<std::size_t>(k)),
      test_labels(static_cast<std::size_t>(k));
  for (Eigen::Index j = 0; j < k; ++j) {
    train_labels[j] = train_f.col(j);
    test_labels[j] = test_f.col(j);
    if (ml::LabelEncoder(train_labels[j]).num_classes() < 2) {
      throw DataError("SAP: factor " + std::to_string(j) +
                      " has a single class in the train split");
    }
  }
  SapResult result;
  result.scores.resize(d, k);
  ml::run_tasks(d * k, [&](std::int64_t task) {
    const Eigen::Index i = task / k, j = task % k;
    const Eigen::MatrixXd x_train = train.col(i).cast<double>();
    const Eigen::MatrixXd x_test = test.col(i).cast<double>();
    ml::LinearSvc svc;
    svc.fit(x_train, train_labels[j]);
    const ml::Labels predicted = svc.predict(x_test);
    result.scores(i, j) = (predicted.array() == test_labels[j].array()).cast<double>().mean();
  });
  result.sap = sap_from_scores(result.scores);
  return result;
}

Eigen::MatrixXd sap_continuous_scores(const Codes& codes, const Eigen::MatrixXd& factor_values) {
  if (codes.rows() != factor_values.rows()) {
    throw DataError("SAP: codes have " + std::to_string(codes.rows()) +
                    " rows but factor values have " + std::to_string(factor_values.rows()));
  }
  if (codes.rows() < 2) throw DataError("SAP: needs at least 2 observations for a covariance");
  if (codes.cols() < 2) throw DataError("SAP: needs at least 2 code dimensions for a top-2 gap");
  if (factor_values.cols() == 0) throw DataError("SAP: no factors (K = 0)");
  if (!codes.allFinite() || !factor_values.allFinite())
    throw DataError("SAP: input contains NaN or Inf");
  const double n = static_cast<double>(codes.rows());
  const Eigen::MatrixXd z = codes.cast<double>();
  const Eigen::MatrixXd zc = z.rowwise() - z.colwise().mean();
  const Eigen::MatrixXd yc = factor_values.rowwise() - factor_values.colwise().mean();
  const Eigen::VectorXd var_z = zc.colwise().squaredNorm() / (n - 1.0);
  const Eigen::VectorXd var_y = yc.colwise().squaredNorm() / (n - 1.0);
  const Eigen::MatrixXd cov = zc.transpose() * yc / (n - 1.0);
  Eigen::MatrixXd scores(codes.cols(), factor_values.cols());
  for (Eigen::Index i = 0; i < scores.rows(); ++i) {
    for (Eigen::Index j = 0; j < scores.cols(); ++j) {
      scores(i, j) = (var_z[i] > 1e-12 && var_y[j] > 0.0)
                         ? cov(i, j) * cov(i, j) / (var_z[i] * var_y[j])
                         : 0.0;
    }
  }
  return scores;
}

double sap_continuous(const Codes& codes, const Eigen::MatrixXd& factor_values) {
  return sap_from_scores(sap_continuous_scores(codes, factor_values));
}

}  // namespace fb::metrics
