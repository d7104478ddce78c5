// Explicitness (Ridgeway & Mozer 2018; disentanglement_lib `modularity_explicitness`), docs/protocols.md
// §4.2, §4.3a.
#pragma once

#include "metrics/codes.h"

namespace fb::metrics {

enum class Protocol;

/// How the codes are prepared for the regressions (issue #16 item 6): DL standardises them with the
/// train mean and std (disentanglement_lib's `utils.normalize_data`); CR fits on the raw codes, as
/// InfoGAN-CR's `metric.py` (`FStatMetric.evaluate`) passes them to LogisticRegression().
enum class ExplicitnessScaling { kStandardise, kRaw };

/// The scaling of `protocol`: DL → kStandardise, CR → kRaw.
ExplicitnessScaling explicitness_scaling(Protocol protocol);

struct ExplicitnessResult {
  double train = 0.0;  ///< mean over factors of the train ROC-AUC
  double test = 0.0;   ///< mean over factors of the test ROC-AUC
};

/// With kStandardise, standardises the codes with the train mean and std (ddof 0; a constant code
/// becomes 0); with kRaw, uses them as they are. Fits one
/// LogisticRegression of `era` per factor on all codes, and scores its predict_proba with the macro
/// one-vs-rest ROC-AUC: the unweighted mean over the training classes that occur in the split (and
/// do not make up all of it). Factors are fitted in parallel. train/test: codes [N, D] float32 and
/// factors [N, K] int64. Throws DataError on mismatched shapes, NaN/Inf codes, a factor with a
/// single class in the train split, or a factor whose split leaves no class with an ROC-AUC.
ExplicitnessResult explicitness(const CodesView& train, const Factors& train_f,
                                const CodesView& test, const Factors& test_f,
                                SklearnEra era = SklearnEra::kPaper,
                                ExplicitnessScaling scaling = ExplicitnessScaling::kStandardise);

}  // namespace fb::metrics
