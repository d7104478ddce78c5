// "Bring your own representation": read a codes file (docs/protocols.md §1.7) and score it with the DL
// metrics whose keys §4.7 fixes. The array-level functions are the ones the registered metrics
// call.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/json.h"
#include "metrics/codes.h"
#include "metrics/metric.h"

namespace fb::metrics {

/// A codes file in memory. Without a /test group, test is a copy of train.
struct CodeSet {
  Codes train_codes;      ///< [N, D] float32
  Factors train_factors;  ///< [N, K] int64 class indices
  Codes test_codes;       ///< [M, D] float32
  Factors test_factors;   ///< [M, K] int64
  bool has_test = false;
};

/// Reads /train/codes (f32 [N,D]), /train/factors (i64 [N,K]) and, when present, /test/codes and
/// /test/factors of `path`. Throws DataError naming the file and dataset for a missing file or
/// dataset, a wrong dtype or rank, mismatched N, D or K, a /test group with only one of its
/// datasets, or non-finite codes.
CodeSet read_codes_file(const std::string& path);

/// Factor classes relabelled to 0..m−1 per column over train ∪ test (scikit-learn orders classes
/// the same way), so any int64 labels are accepted.
void densify_factors(Factors& train, Factors& test);
void densify_factors(CodeSet& set);

struct EvaluateCodesOptions {
  SklearnEra era = SklearnEra::kPaper;  ///< LogisticRegression defaults for explicitness
  std::uint64_t seed = 0;  ///< tie-breaking randomness of the gradient-boosted trees (DCI)
  /// CR DCI variants to add (docs/protocols.md §4.2 "CR DCI"; empty = none): regressions of the z-scored
  /// factor classes on the train split, scored on it, with CrDciOptions' defaults otherwise.
  std::vector<std::string> cr_dci_variants;
};

/// A code set as the codes-only metrics read it: the codes viewed where they lie (a CodeSet's, a
/// numpy array's), the factors owned, since code_inputs relabels them.
struct CodeArrays {
  CodesView train_codes;  ///< [N, D]
  Factors train_factors;  ///< [N, K] class labels, any int64
  CodesView test_codes;   ///< [M, D]; without a test split, train_codes again
  Factors test_factors;   ///< [M, K]
};

/// The one set-up of `evaluate-codes` and the Python package: relabels `arrays`' factor classes
/// (densify_factors), checks both splits (check_train_test, "evaluate-codes") and returns the inputs
/// that point at them, valid while `arrays` and the codes it views live. Throws DataError.
CodeInputs code_inputs(CodeArrays& arrays, const EvaluateCodesOptions& options);

/// Every registered metric that declares Needs::kCodesOnly, in registry (name) order, on `in`,
/// each with its default config: the keys evaluate_codes lists.
Json evaluate_code_inputs(const CodeInputs& in);

/// Scores `set` with every registered metric that declares Needs::kCodesOnly (today MIG, SAP,
/// modularity, explicitness and DCI; DL semantics, discrete factors), in registry (name) order:
/// dci_disentanglement, dci_completeness, dci_informativeness_train, dci_informativeness_test, then
/// for each of options.cr_dci_variants v dci_disentanglement_<v>, dci_completeness_<v> and
/// dci_informativeness_<v> (R²), then explicitness_train, explicitness_test, mig, modularity, sap.
Json evaluate_codes(const CodeSet& set, const EvaluateCodesOptions& options);

}  // namespace fb::metrics
