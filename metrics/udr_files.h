// UDR inputs from files (docs/protocols.md §1.7, §5.3): one HDF5 file per model holding /udr/mean f32 [N,D]
// (the same N observations for every model) and /udr/kl f32 [D].
#pragma once

#include <string>
#include <vector>

#include "core/json.h"
#include "metrics/udr.h"

namespace fb::metrics {

/// Reads every file's /udr/mean and /udr/kl. Throws DataError naming the file for a missing file or
/// dataset, a wrong dtype or rank, a KL length that differs from D, non-finite values, or an N that
/// differs from the first file's; ConfigError for fewer than two files.
std::vector<UdrModel> read_udr_files(const std::vector<std::string>& paths);

/// {"model_scores": [...], "pairwise": [[...], ...]} (pairwise row i = regressor model i).
Json udr_json(const UdrResult& result);

}  // namespace fb::metrics
