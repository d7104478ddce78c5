// Expands a spec and a preset into jobs (train -> evaluate per run; then selections), each a typed job
// (reports/job.h) with the files it produces. A job is done when all its outputs exist (every library call
// writes them atomically), which makes re-running idempotent and a killed run resumable.
//
// Output directory layout:
//   manifest.json                   the spec, the preset and every job (the backends' input)
//   runs/<row>/seed-<s>/            training run directories (checkpoints, log, model.pt)
//   metrics/<row>/seed-<s>.json     metrics of one run (snapshot rows read their source row's run)
//   selections/<id>/pool.txt        the run directories a selection scores
//   selections/<id>/<method>-r<k>.json   one repeat of an unsupervised selection
//   traversals/<id>-<method>.png    latent traversals of the model the first repeat chose
//   logs/<job>.log                  each job's output
//   results.csv, results.json, report.md, report.html
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/json.h"
#include "reports/job.h"
#include "reports/spec.h"

namespace fb::reports {

/// Every job of `spec` at `preset`, writing under `out_dir` (absolute; created). Also writes each
/// selection's pool list. Every job's device is the preset's device for its stage, else `device`.
std::vector<Job> expand_jobs(const Spec& spec, const Preset& preset, const std::string& out_dir,
                             const std::string& device = "cpu");

/// True when every output of `job` exists.
bool job_done(const Job& job);

/// The manifest: {spec, preset, out_dir, run, jobs:[...]}; written atomically. `run` says how the jobs are
/// run ({"backend", "jobs", "jobs_per_task", "retries"}), for `factorbench status`.
void write_manifest(const std::string& path, const Spec& spec, const Preset& preset,
                    const std::string& out_dir, const std::vector<Job>& jobs,
                    const Json& run = Json::object());
struct Manifest {
  Json spec;    ///< the spec as JSON (resolved)
  Json preset;  ///< the preset as JSON
  std::string out_dir;
  Json run = Json::object();  ///< how the jobs run (see write_manifest); empty in older manifests
  std::vector<Job> jobs;
};
/// Reads a manifest; one written by an older factorbench (jobs as command lines) is a DataError asking for
/// a re-run of `reproduce` (which rewrites it and keeps the finished jobs).
Manifest read_manifest(const std::string& path);

/// Rewrites every path under `from` (outputs, path options, meta) to lie under `to` instead.
void rebase_jobs(std::vector<Job>& jobs, const std::string& from, const std::string& to);

/// File-safe form of a job id (slashes become "__").
std::string job_file_name(const std::string& id);

}  // namespace fb::reports
