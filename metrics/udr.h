// UDR: unsupervised disentanglement ranking (Duan et al. 2020; disentanglement_lib `udr_sklearn`),
// docs/protocols.md §5.3, §4.3a.
#pragma once

#include <Eigen/Core>
#include <vector>

#include "metrics/codes.h"

namespace fb::metrics {

/// One model's representation of the shared observations.
struct UdrModel {
  Codes mean;  ///< [N, D] float32: posterior means μ(x) on the same N observations as every other
               ///< model
  std::vector<float> kl;  ///< [D] per-latent KL to the prior; empty for models without one (GANs):
                          ///< all latents kept
};

enum class UdrMethod { kLasso, kSpearman };

struct UdrOptions {
  bool filter_low_kl = true;  ///< score only latents with KL > kl_threshold
  double kl_threshold = 0.01;
  double lasso_alpha = 0.1;
};

struct UdrResult {
  std::vector<double> model_scores;  ///< [M]: median over j != i of pairwise(j, i)
  Eigen::MatrixXd
      pairwise;  ///< [M, M]: pairwise(i, j) = similarity with i regressing onto j; diagonal 0
};

/// UDR over `models` (M >= 2, equal N, D >= 1 each). Per model: standardise each latent (population
/// std; a constant latent becomes 0), multiply latents with KL <= 0.01 by 0 (fixed, as
/// disentanglement_lib), and mark latents with KL > kl_threshold active. Per ordered pair (i, j):
/// R[a, b] = |Lasso(α) weight of i's latent a when regressing j's latent b| (kLasso) or |Spearman
/// ρ(i_a, j_b)| (kSpearman; NaN for a constant latent); with filter_low_kl keep i's active rows and
/// j's active columns; the pair score is udr_relative_strength(R). Pairs run in parallel. Throws
/// ConfigError for fewer than two models or a negative threshold/alpha, DataError for mismatched N,
/// D == 0, a KL vector of the wrong length, NaN/Inf input, or (with filter_low_kl) a model with no
/// active latent.
UdrResult udr(const std::vector<UdrModel>& models, UdrMethod method,
              const UdrOptions& options = {});

/// ½·(mean over columns + mean over rows) of max²/sum of `r` ([A, B], entries >= 0 or NaN): a
/// column or row with a zero sum or any NaN contributes 0 and stays in the mean. Empty `r` gives
/// NaN.
double udr_relative_strength(const Eigen::MatrixXd& r);

}  // namespace fb::metrics
