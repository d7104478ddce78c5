// Maps arbitrary int64 class labels to dense indices 0..C-1 in ascending label order, as
// scikit-learn's classifiers order `classes_`.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <vector>

namespace fb::metrics::ml {

/// A column of class labels: [N] int64.
using Labels = Eigen::Matrix<std::int64_t, Eigen::Dynamic, 1>;

/// The sorted distinct labels seen by `fit` and the dense index of each.
class LabelEncoder {
 public:
  LabelEncoder() = default;
  /// Learns the classes of `labels` ([N] int64).
  explicit LabelEncoder(const Eigen::Ref<const Labels>& labels);

  /// The distinct labels, ascending: [C].
  const std::vector<std::int64_t>& classes() const { return classes_; }
  int num_classes() const { return static_cast<int>(classes_.size()); }
  /// Dense index of each label ([N] int, values in 0..C-1); a label not seen by fit maps to -1.
  std::vector<int> encode(const Eigen::Ref<const Labels>& labels) const;
  /// The label of dense index `index` (0 <= index < C).
  std::int64_t decode(int index) const { return classes_[static_cast<std::size_t>(index)]; }
  /// Labels from decision scores ([N, C], or [N, 1] for two classes where > 0 means the second class):
  /// the first maximum wins ties, as scikit-learn's argmax does.
  Labels decode_decisions(const Eigen::MatrixXd& scores) const;

 private:
  std::vector<std::int64_t> classes_;
};

}  // namespace fb::metrics::ml
