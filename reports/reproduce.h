// `factorbench reproduce`: spec + preset -> jobs -> backend -> results store -> report.
#pragma once

#include <functional>
#include <string>

#include "core/json.h"
#include "reports/backend.h"
#include "reports/status.h"

namespace fb::reports {

struct ReproduceOptions {
  std::string spec;  ///< built-in name or JSON file
  std::string preset = "smoke";
  std::string out;                ///< output directory (created); re-running resumes it
  std::string backend = "local";  ///< local | slurm
  std::string cluster;  ///< Slurm: a cluster profile (JSON) of per-stage resources; empty: none
  BackendOptions run;   ///< executable, jobs, threads, quiet
  /// Overlaid on the spec's dataset config before anything runs (and recorded in the manifest):
  /// the CLI's --mnist DIR gives {"path": DIR}.
  Json dataset_config = Json::object();
  /// Every job's device (cpu | cuda | cuda:N) where the preset's `devices` leaves its stage empty.
  std::string device = "cpu";
  /// Called with each stage's device before anything is written or submitted; throws to refuse it (the
  /// CLI passes the engine's check: cuda needs a CUDA build, and a GPU here for the local backend).
  std::function<void(const std::string& device)> check_device;
};

struct ReproduceSummary {
  BackendSummary backend;
  RunStatus
      status;  ///< the directory's status once the backend returned (what `factorbench status` prints)
  int total_jobs = 0;
  std::string report_html;
};

/// Runs (or resumes) everything and writes results.csv/json and report.md/html, also when some jobs
/// failed (their cells stay empty). Throws ConfigError when `out` holds a different spec or preset.
ReproduceSummary reproduce(const ReproduceOptions& options);

/// Re-reads out_dir/manifest.json and rewrites results and report from whatever has finished.
std::string write_report_for(const std::string& out_dir);

}  // namespace fb::reports
