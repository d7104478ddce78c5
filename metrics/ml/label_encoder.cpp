#include "metrics/ml/label_encoder.h"

#include <algorithm>

namespace fb::metrics::ml {

LabelEncoder::LabelEncoder(const Eigen::Ref<const Labels>& labels)
    : classes_(labels.data(), labels.data() + labels.size()) {
  std::sort(classes_.begin(), classes_.end());
  classes_.erase(std::unique(classes_.begin(), classes_.end()), classes_.end());
}

std::vector<int> LabelEncoder::encode(const Eigen::Ref<const Labels>& labels) const {
  std::vector<int> out(static_cast<std::size_t>(labels.size()));
  for (Eigen::Index i = 0; i < labels.size(); ++i) {
    auto it = std::lower_bound(classes_.begin(), classes_.end(), labels[i]);
    out[static_cast<std::size_t>(i)] =
        (it != classes_.end() && *it == labels[i]) ? static_cast<int>(it - classes_.begin()) : -1;
  }
  return out;
}

Labels LabelEncoder::decode_decisions(const Eigen::MatrixXd& scores) const {
  Labels out(scores.rows());
  for (Eigen::Index i = 0; i < scores.rows(); ++i) {
    int best = 0;
    if (scores.cols() == 1) {
      best = scores(i, 0) > 0.0 ? 1 : 0;
    } else {
      for (Eigen::Index k = 1; k < scores.cols(); ++k)
        if (scores(i, k) > scores(i, best)) best = static_cast<int>(k);
    }
    out[i] = decode(best);
  }
  return out;
}

}  // namespace fb::metrics::ml
