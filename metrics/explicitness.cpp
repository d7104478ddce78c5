#include "metrics/explicitness.h"

#include <cmath>
#include <string>
#include <vector>

#include "core/error.h"
#include "metrics/metric.h"
#include "metrics/ml/label_encoder.h"
#include "metrics/ml/logistic_regression.h"
#include "metrics/ml/parallel_tasks.h"
#include "metrics/ml/roc_auc.h"

namespace fb::metrics {

namespace {

// Macro ROC-AUC of `proba` ([N, C] in `classes` order) against `labels`, over the classes with both
// positives and negatives in the split.
double macro_auc(const Eigen::MatrixXd& proba, const std::vector<std::int64_t>& classes,
                 const ml::Labels& labels, const std::string& where) {
  double total = 0.0;
  int scored = 0;
  std::vector<bool> positive(static_cast<std::size_t>(labels.size()));
  for (std::size_t c = 0; c < classes.size(); ++c) {
    for (Eigen::Index i = 0; i < labels.size(); ++i)
      positive[static_cast<std::size_t>(i)] = labels[i] == classes[c];
    const double auc = ml::roc_auc(proba.col(static_cast<Eigen::Index>(c)), positive);
    if (std::isnan(auc)) continue;
    total += auc;
    ++scored;
  }
  if (scored == 0)
    throw DataError(where + ": no class has both positives and negatives; ROC-AUC is undefined");
  return total / scored;
}

}  // namespace

ExplicitnessScaling explicitness_scaling(Protocol protocol) {
  return protocol == Protocol::kCr ? ExplicitnessScaling::kRaw : ExplicitnessScaling::kStandardise;
}

ExplicitnessResult explicitness(const CodesView& train, const Factors& train_f,
                                const CodesView& test, const Factors& test_f, SklearnEra era,
                                ExplicitnessScaling scaling) {
  check_train_test(train, train_f, test, test_f, "explicitness");
  const Eigen::Index d = train.cols(), k = train_f.cols();
  for (Eigen::Index j = 0; j < k; ++j) {
    if (ml::LabelEncoder(ml::Labels(train_f.col(j))).num_classes() < 2) {
      throw DataError("explicitness: factor " + std::to_string(j) +
                      " has a single class in the train split");
    }
  }
  // StandardScaler semantics: population std; a constant code is centred to exactly 0.
  Eigen::MatrixXd x_train = train.cast<double>(), x_test = test.cast<double>();
  for (Eigen::Index c = 0; c < d && scaling == ExplicitnessScaling::kStandardise; ++c) {
    const double mean = x_train.col(c).mean();
    const double std = std::sqrt((x_train.col(c).array() - mean).square().mean());
    const bool constant = train.col(c).maxCoeff() == train.col(c).minCoeff();
    const double scale = (constant || std == 0.0) ? 1.0 : std;
    x_train.col(c) = constant ? Eigen::VectorXd::Zero(x_train.rows()).eval()
                              : ((x_train.col(c).array() - mean) / scale).matrix().eval();
    x_test.col(c) = ((x_test.col(c).array() - mean) / scale).matrix();
  }
  std::vector<double> auc_train(static_cast<std::size_t>(k)), auc_test(static_cast<std::size_t>(k));
  ml::run_tasks(k, [&](std::int64_t j) {
    const ml::Labels y_train = train_f.col(j), y_test = test_f.col(j);
    ml::LogisticRegression model;
    model.fit(x_train, y_train, era);
    const std::string where = "explicitness: factor " + std::to_string(j);
    auc_train[static_cast<std::size_t>(j)] =
        macro_auc(model.predict_proba(x_train), model.classes(), y_train, where + ": train");
    auc_test[static_cast<std::size_t>(j)] =
        macro_auc(model.predict_proba(x_test), model.classes(), y_test, where + ": test");
  });
  ExplicitnessResult result;
  for (Eigen::Index j = 0; j < k; ++j) {
    result.train += auc_train[static_cast<std::size_t>(j)];
    result.test += auc_test[static_cast<std::size_t>(j)];
  }
  result.train /= static_cast<double>(k);
  result.test /= static_cast<double>(k);
  return result;
}

}  // namespace fb::metrics
