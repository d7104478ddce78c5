// `factorbench compare DIR_A DIR_B`: did the scores of a reproduction change between two result directories
// (e.g. main's smoke run and a branch's)? Per row and column: the seed means, their difference B − A, a
// bootstrap confidence interval over seeds and a verdict that respects the column's direction. Separately, a
// bitwise identity check: CPU runs are deterministic, so unchanged code reproduces every job's output, and the
// first job whose output digest differs says where two runs parted.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/json.h"
#include "reports/bootstrap.h"

namespace fb::reports {

struct CompareOptions {
  /// How much worse (in the column's own units, on the difference of means) a cell may get before the
  /// comparison fails; applies to every column without an entry in `tolerances`.
  double tolerance = 0.0;
  std::map<std::string, double> tolerances;  ///< column id -> tolerance
  /// Fewer seeds than this on either side gives the verdict "too few seeds" (never a failure): a percentile
  /// bootstrap over n seeds excludes 0 whenever all n differences share a sign, which happens by chance with
  /// probability 2^(1−n) (50 % for the presets' 2 seeds).
  int min_seeds = 5;
  BootstrapOptions bootstrap;  ///< resamples, confidence, seed (each cell derives its own stream)
};

/// One row × column.
struct CellComparison {
  std::string row, row_label, column, column_label;
  std::string better = "higher";  ///< higher | lower (the spec column's direction)
  int n_a = 0, n_b = 0;           ///< seeds with a finite score
  double mean_a = NAN, mean_b = NAN;
  double difference = NAN;  ///< mean_b − mean_a
  Interval ci;              ///< bootstrap interval of the difference
  bool paired = false;  ///< resampled as per-seed differences (both sides scored the same seeds)
  /// identical | better | worse | no detectable change | too few seeds | only in A | only in B
  std::string verdict;
  double tolerance = 0.0;
  bool fails = false;  ///< verdict "worse" and |difference| > tolerance
};

/// The first job whose outputs differ: its id and both digests ("missing": not run there; "absent": no
/// such job in that directory's manifest).
struct JobDifference {
  std::string job, digest_a, digest_b;
};

struct CompareResult {
  std::string dir_a, dir_b;
  std::string spec_a, spec_b, preset_a, preset_b;
  /// Every job's outputs are the same bytes (JSON compared without timings, provenance and the directory's
  /// own path) and both manifests hold the same spec and preset.
  bool identical = false;
  int jobs_compared = 0;
  JobDifference first_difference;   ///< empty job when no job differs
  std::string manifest_difference;  ///< set when the specs or presets differ
  std::string method;               ///< how the intervals were computed, for the outputs
  CompareOptions options;
  std::vector<CellComparison> cells;
  int failures() const;
  /// "identical", or one sentence naming the first differing job digest (or the manifests' difference).
  std::string identity() const;
};

/// Compares two `factorbench reproduce` output directories. Throws DataError naming the file (and field) for
/// a missing or malformed manifest.json or metrics file, ConfigError for bad options.
CompareResult compare_results(const std::string& dir_a, const std::string& dir_b,
                              const CompareOptions& options);

/// SHA-256 of one job's outputs as found under `dir`: each output's path relative to the directory and its
/// bytes; JSON outputs without "provenance" and "seconds", with `written_under` (the manifest's out_dir)
/// stripped from strings. A non-JSON output stored as FILE.sha256 (its hex SHA-256) counts as the file.
/// "missing" when an output does not exist.
std::string job_output_digest(const std::vector<std::string>& outputs, const std::string& dir,
                              const std::string& written_under);

/// The comparison as JSON (what PREFIX.json holds).
Json to_json(const CompareResult& result);
/// Writes PREFIX.md, PREFIX.json and PREFIX.html (self-contained), each atomically, creating PREFIX's
/// directory. Returns the three paths.
std::vector<std::string> write_comparison(const CompareResult& result, const std::string& prefix);

}  // namespace fb::reports
