// Small self-contained SVG charts for the reports (no external assets).
#pragma once

#include <cmath>
#include <string>
#include <vector>

namespace fb::reports {

/// One labelled group of values drawn as dots with a mean bar; an optional reference value (the paper's)
/// drawn as a red tick, and highlighted values (e.g. the selected model) drawn larger.
struct StripGroup {
  std::string label;
  std::vector<double> values;
  double reference = NAN;
  std::vector<double> highlighted;
};

/// A horizontal strip chart of groups over [lo, hi] (values outside are clamped).
std::string strip_chart(const std::string& title, const std::vector<StripGroup>& groups,
                        double lo = 0.0, double hi = 1.0);

/// Escapes text for XML/HTML.
std::string xml_escape(const std::string& s);

}  // namespace fb::reports
