// report.md and report.html: paper vs ours per row (mean ± std over runs, Δ, run count), the selection
// comparison, strip charts of the per-run metric distributions and of the selected models against their
// pool, and latent traversal grids where they exist. The HTML is self-contained (SVG inline, PNGs embedded).
#pragma once

#include <string>

#include "core/json.h"
#include "reports/results.h"
#include "reports/spec.h"

namespace fb::reports {

struct ReportContext {
  Json preset = Json::object();      ///< the preset the runs used
  Json provenance = Json::object();  ///< factorbench version, git commit, host, time
  std::string out_dir;               ///< where report.md/html go; traversals/ is read from here
};

/// Writes out_dir/report.md and out_dir/report.html (atomically). Returns the HTML path.
std::string write_report(const Spec& spec, const Results& results, const ReportContext& ctx);

}  // namespace fb::reports
