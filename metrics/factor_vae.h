// FactorVAE score (Kim & Mnih 2018), in both protocols of docs/protocols.md §4.1–4.2:
// DL: global variance over 10,000 observations, 10,000 train + 5,000 eval votes from groups of 64,
// dims with global std < 0.05 pruned, score = eval accuracy of the majority-vote classifier. CR:
// 500 groups × 100 (group g fixes factor g mod K), codes normalised by their std over 73,728
// observations, no pruning, score = training accuracy Σ_d max_k V[k,d] / 500.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <vector>

#include "metrics/codes.h"

namespace fb::metrics {

/// Votes V[k, d]: how often factor k's groups chose code dim d. [K, D] int64.
using VoteMatrix = Eigen::Matrix<std::int64_t, Eigen::Dynamic, Eigen::Dynamic>;

/// Votes of groups: `codes` [G·L, D] float32 (group g = rows [g·L, (g+1)·L), L = group_size ≥ 2),
/// `group_factor` [G] in [0, K). Each group votes for the dim with the smallest local variance
/// (ddof 1) divided by `scale` [D] (a global variance), among dims with `active[d]`; groups vote
/// nothing when no dim is active. Computed in parallel.
VoteMatrix factor_vae_votes(const Codes& codes, std::int64_t group_size,
                            const std::vector<int>& group_factor, int num_factors,
                            const Eigen::VectorXd& scale, const std::vector<bool>& active);

/// Majority-vote classifier: map(d) = argmax_k V[k,d] (first maximum). [D].
std::vector<std::int64_t> majority_classifier(const VoteMatrix& votes);

/// Σ_d V[map(d), d] / Σ V; 0 when there are no votes.
double vote_accuracy(const VoteMatrix& votes, const std::vector<std::int64_t>& classifier);

/// Per-dim variance of `codes` [N,D] (N > ddof).
Eigen::VectorXd column_variance(const Codes& codes, int ddof);

struct FactorVaeResult {
  double train_accuracy = 0.0;
  double eval_accuracy = 0.0;  ///< DL only (CR scores on its training votes)
  int num_active_dims = 0;
  VoteMatrix train_votes, eval_votes;
};

/// DL scoring of already-encoded groups: prune dims whose global std (sqrt of `global_variance`) is
/// below `prune_threshold`, fit the classifier on the train votes, score both. No active dim scores
/// 0.
FactorVaeResult factor_vae_dl(const Codes& train_groups, const std::vector<int>& train_factor,
                              const Codes& eval_groups, const std::vector<int>& eval_factor,
                              std::int64_t group_size, int num_factors,
                              const Eigen::VectorXd& global_variance,
                              double prune_threshold = 0.05);

/// CR scoring: codes normalised by `global_std` [D] (ddof 0); only exactly constant dims (std 0)
/// are excluded (project: a 0/0 ratio never wins a vote); score = training accuracy over the
/// groups.
FactorVaeResult factor_vae_cr(const Codes& groups, const std::vector<int>& group_factor,
                              std::int64_t group_size, int num_factors,
                              const Eigen::VectorXd& global_std);

}  // namespace fb::metrics
