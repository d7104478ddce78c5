// Draws observations from a dataset's ground-truth oracle and encodes them: the one place where
// metrics turn factor samples into codes. Rendering runs in parallel in fixed blocks, each with its
// own generator (Rng::for_item), so the codes do not depend on the thread count.
#pragma once

#include <cstdint>
#include <vector>

#include "datagen/dataset.h"
#include "metrics/codes.h"
#include "metrics/metric.h"

namespace fb::metrics {

/// Indices of the factors with more than one class; metrics score only these (dSprites' colour is
/// dropped, as disentanglement_lib does).
std::vector<int> varying_factors(const data::Dataset& dataset);

/// Codes [n,D] and the varying factors' classes [n,K'] of the same observations.
struct CodeSample {
  Codes codes;
  Factors factors;
};

/// G groups of L observations, each group with one varying factor held fixed.
struct GroupSample {
  Codes codes;              ///< [G·L, D]; group g is rows [g·L, (g+1)·L)
  std::vector<int> factor;  ///< [G] the fixed factor, as an index into varying_factors()
  std::int64_t group_size = 0;
};

class OracleSampler {
 public:
  /// `encode` must outlive the sampler. `code_dim` = D.
  OracleSampler(const data::Dataset& dataset, const Encoder& encode, std::int64_t code_dim);

  const data::Dataset& dataset() const { return dataset_; }
  const std::vector<int>& varying() const { return varying_; }
  std::int64_t code_dim() const { return code_dim_; }

  /// Renders and encodes the observations of `classes` (int64 [n,K], all K dataset factors);
  /// nuisance variation is drawn from generators derived from `seed`. Returns codes [n,D]; a
  /// non-finite code throws NumericalError.
  Codes encode(const std::vector<std::int64_t>& classes, std::uint64_t seed) const;

  /// `n` i.i.d. observations (factors uniform per factor), from generators derived from `seed`.
  CodeSample sample(std::int64_t n, std::uint64_t seed) const;

  /// `groups` groups of `group_size` observations: all factors uniform, then the group's factor set
  /// to its first row's value. The factor is drawn uniformly (DL) or is g mod K' when `cyclic`
  /// (CR).
  GroupSample sample_groups(std::int64_t groups, std::int64_t group_size, bool cyclic,
                            std::uint64_t seed) const;

  /// `n` uniform factor vectors (int64 [n,K]) from `rng`.
  std::vector<std::int64_t> sample_factors(std::int64_t n, Rng& rng) const;

  /// The varying-factor columns of `classes` (int64 [n,K]) as Factors [n,K'].
  Factors varying_columns(const std::vector<std::int64_t>& classes) const;

 private:
  const data::Dataset& dataset_;
  const Encoder& encode_;
  std::int64_t code_dim_;
  std::vector<int> varying_;
};

}  // namespace fb::metrics
