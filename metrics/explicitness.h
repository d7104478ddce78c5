// Explicitness (Ridgeway & Mozer 2018; disentanglement_lib `modularity_explicitness`), REFERENCE
// §4.2, §4.3a.
#pragma once

#include "metrics/codes.h"

namespace fb::metrics {

struct ExplicitnessResult {
  double train = 0.0;  ///< mean over factors of the train ROC-AUC
  double test = 0.0;   ///< mean over factors of the test ROC-AUC
};

/// Standardises the codes with the train mean and std (ddof 0; a constant code becomes 0), fits one
/// LogisticRegression of `era` per factor on all codes, and scores its predict_proba with the macro
/// one-vs-rest ROC-AUC: the unweighted mean over the training classes that occur in the split (and
/// do not make up all of it). Factors are fitted in parallel. train/test: codes [N, D] float32 and
/// factors [N, K] int64. Throws DataError on mismatched shapes, NaN/Inf codes, a factor with a
/// single class in the train split, or a factor whose split leaves no class with an ROC-AUC.
ExplicitnessResult explicitness(const Codes& train, const Factors& train_f, const Codes& test,
                                const Factors& test_f, SklearnEra era = SklearnEra::kPaper);

}  // namespace fb::metrics
