// L2 score (Semi-StyleGAN; docs/protocols.md §4.4): how far an encoder's codes are from the true normalised
// factor values, mean ‖E(x) − c‖₂ over observations. It sidesteps MIG's identifiability question but
// only means something for encoders whose code j *is* the j-th varying factor's value i/(m−1)
// (supervised or semi-supervised encoders). Lower is better.
#pragma once

#include <cstdint>
#include <vector>

#include "metrics/codes.h"

namespace fb::metrics {

/// codes [N,K'] float32, classes [N,K'] int64 of the varying factors, sizes [K'] their class counts
/// (each > 1). Returns mean_n ‖codes_n − classes_n/(sizes−1)‖₂. Throws DataError on mismatched
/// shapes, an empty sample, a class outside its factor or a factor with fewer than 2 classes.
double l2_score(const Codes& codes, const Factors& classes, const std::vector<std::int64_t>& sizes);

}  // namespace fb::metrics
