// The selector family: a Selector scores every model of a pool (higher = better) and the pool's
// best model is chosen (docs/protocols.md §5): ModelCentrality, UDR (Lasso, Spearman), supervised by a
// metric. `factorbench list selectors` prints the registry; `factorbench select` runs one
// (select.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/json.h"
#include "core/registry.h"
#include "methods/pool.h"

namespace fb::methods {

/// What every selector may use besides its config.
struct SelectionOptions {
  std::uint64_t seed =
      0;  ///< the only source of the selector's randomness (generation, observations)
  std::string device = "cpu";  ///< where models run
};

struct SelectorScores {
  std::vector<double> scores;  ///< [M] one per pool member, higher = better
  std::optional<std::size_t>
      chosen;  ///< the selector's pick when it is not the best score (supervised)
  Json details = Json::object();  ///< method-specific matrices and tables for selection.json
};

class Selector {
 public:
  virtual ~Selector() = default;
  /// Scores every member of `pool`. Throws ConfigError (a pool the method cannot score), DataError
  /// (IO).
  virtual SelectorScores score(const Pool& pool, const SelectionOptions& options) const = 0;
  /// The resolved configuration (every field).
  virtual Json config() const = 0;
};

/// Factory of a registered selector; `config` is its config object (null = defaults), `where`
/// prefixes config errors.
using SelectorFactory =
    std::function<std::unique_ptr<Selector>(const Json& config, const std::string& where)>;
Registry<SelectorFactory>& selector_registry();

/// A --method argument split into a registry name and config keys: "supervised:METRIC" becomes
/// {"supervised", {"metric": METRIC}}; other names carry no keys.
struct MethodSpec {
  std::string name;
  Json config = Json::object();
};
MethodSpec parse_method(const std::string& text);

/// Member indices by descending score; ties keep the lower index first; NaN scores rank last.
std::vector<std::size_t> rank_scores(const std::vector<double>& scores);

}  // namespace fb::methods
