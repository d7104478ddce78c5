// What a dataset's file writer (`generate` in its registry entry, `factorbench generate NAME`) is
// asked and reports. The writers are registered with their datasets (datagen/dataset.h).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "core/json.h"

namespace fb::data {

struct GenerateRequest {
  std::string out;     ///< output .h5 path (written as out.partial, renamed when complete)
  bool force = false;  ///< overwrite an existing file
  Json config;         ///< the generator's config object (validated by the generator)
};

/// Statistics of a finished generation, for the CLI's summary line.
struct GenerateReport {
  std::int64_t images = 0;
  double seconds = 0;
  std::int64_t bytes = 0;  ///< file size
};

/// The report of a generation that started at `start` and wrote `images` images into `out`.
GenerateReport finish_report(std::int64_t images, std::chrono::steady_clock::time_point start,
                             const std::string& out);

/// Writes a dataset's file.
using GenerateFn = std::function<GenerateReport(const GenerateRequest&)>;

}  // namespace fb::data
