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

}  // namespace fb::metrics::ml
