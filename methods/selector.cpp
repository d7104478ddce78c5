#include "methods/selector.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace fb::methods {

Registry<SelectorFactory>& selector_registry() {
  static Registry<SelectorFactory> reg("selector");
  return reg;
}

FB_REGISTER_FAMILY("selectors", selector_registry);

MethodSpec parse_method(const std::string& text) {
  MethodSpec spec;
  const auto colon = text.find(':');
  spec.name = text.substr(0, colon);
  if (colon != std::string::npos) {
    const std::string argument = text.substr(colon + 1);
    if (spec.name != "supervised")
      throw ConfigError("--method " + text +
                        ": only supervised takes an argument (supervised:METRIC)");
    if (argument.empty())
      throw ConfigError("--method " + text + ": name the metric, e.g. supervised:factor_vae");
    spec.config["metric"] = argument;
  }
  return spec;
}

std::vector<std::size_t> rank_scores(const std::vector<double>& scores) {
  std::vector<std::size_t> order(scores.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const bool na = std::isnan(scores[a]), nb = std::isnan(scores[b]);
    if (na || nb) return !na && nb;
    return scores[a] > scores[b];
  });
  return order;
}

}  // namespace fb::methods
