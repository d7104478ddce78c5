// Scores that need more of a model than its encoder (docs/protocols.md §4.5, §4.6): Elastic-InfoGAN's NMI,
// ENT and prior RMSE for models with a categorical code, and FD_fb for models that sample images
// from their prior. NMI, ENT and FD_fb read images through a factor classifier
// (engine/factor_classifier.h). Every draw comes from generators derived from the metric seed.
#pragma once

#include <torch/torch.h>

#include <cstdint>

#include "core/json.h"
#include "datagen/dataset.h"
#include "engine/factor_classifier.h"
#include "engine/model.h"

namespace fb::engine {

struct GenerativeScoreOptions {
  std::int64_t nmi_samples = 10000;  ///< real images for nmi_q and the code→class matching
  std::int64_t ent_samples = 1000;   ///< generated images per code value for NMI and ENT
  /// NMI's normalisation: geometric (scikit-learn <= 0.21, the released evaluation) | arithmetic
  std::string nmi_average = "geometric";
  std::int64_t fd_samples = 10000;  ///< real and generated images for FD_fb
  std::uint64_t seed = 0;
};

/// With a classifier, the released evaluation (`eval_metrics.py`): `ent_samples` generate_class()
/// images per code value, each read by the classifier (the code's factor); nmi = NMI(code, read
/// class) with `nmi_average`, ent = ENT of that table (NaN when a row or column is empty). Always:
/// nmi_q, NMI between the factor's true class and argmax Q(c|x) on `nmi_samples` real images
/// (factorbench's), and prior_rmse (the model's prior vs the held images' class frequencies after the
/// Hungarian matching of that real-image table). Keys: nmi_q, prior_rmse, and nmi, ent with a
/// classifier. ConfigError when the model has no categorical code or the dataset lacks its factor.
Json categorical_code_scores(Model& model, const data::Dataset& dataset,
                             const FactorClassifier* classifier, const GenerativeScoreOptions& o);

/// FD_fb: the Fréchet distance between classifier features of `fd_samples` real images (drawn
/// uniformly from the held ones) and as many images from model.sample_images().
double fd_fb(Model& model, const data::Dataset& dataset, const FactorClassifier& classifier,
             const GenerativeScoreOptions& o);

}  // namespace fb::engine
