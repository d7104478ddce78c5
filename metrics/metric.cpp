#include "metrics/metric.h"

#include <algorithm>

#include "core/config.h"
#include "core/error.h"

namespace fb::metrics {

MetricRegistry& metric_registry() {
  static MetricRegistry reg("metric");
  return reg;
}

FB_REGISTER_FAMILY("metrics", metric_registry);

Json Metric::evaluate_codes(const CodeInputs&) const {
  FB_CHECK(false, "a metric that declares Needs::kCodesOnly must override evaluate_codes()");
  return Json();
}

const ScoreInfo* find_score(const MetricInfo& info, const std::string& key) {
  for (const auto& s : info.scores) {
    const bool prefix = !s.key.empty() && s.key.back() == '*';
    if (prefix ? key.rfind(s.key.substr(0, s.key.size() - 1), 0) == 0 : key == s.key) return &s;
  }
  return nullptr;
}

std::unique_ptr<Metric> make_metric(const std::string& name, const Json& config) {
  return metric_registry().get(name).make(config);
}

std::vector<std::string> select_metrics(const std::vector<std::string>& requested,
                                        unsigned available) {
  const auto met = [available](const MetricInfo& info) { return (info.needs & ~available) == 0u; };
  std::vector<std::string> names;
  const bool all = requested.empty() || (requested.size() == 1 && requested[0] == "all");
  const bool none = requested.size() == 1 && requested[0] == "none";
  for (const auto* e : metric_registry().entries())
    if (all && e->make.info.inclusion == Inclusion::kDefault && met(e->make.info))
      names.push_back(e->name);
  if (!all && !none)
    for (const auto& name : requested) names.push_back(metric_registry().get(name).name);
  for (const auto* e : metric_registry().entries())
    if (e->make.info.inclusion == Inclusion::kAutomatic && met(e->make.info) &&
        std::find(names.begin(), names.end(), e->name) == names.end())
      names.push_back(e->name);
  return names;
}

std::vector<std::string> option_aliases() {
  std::vector<std::string> out;
  for (const auto* e : metric_registry().entries())
    for (const auto& a : e->make.info.aliases) out.push_back(a.option);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

void apply_option_alias(Json& metric_config, const std::string& option, const std::string& value) {
  bool known = false;
  for (const auto* e : metric_registry().entries())
    for (const auto& a : e->make.info.aliases)
      if (a.option == option) {
        apply_override(metric_config, e->name + "." + a.key + "=" + value);
        known = true;
      }
  if (!known) throw ConfigError(option + ": no registered metric takes this option");
}

std::string to_string(Protocol p) { return p == Protocol::kDl ? "dl" : "cr"; }

Protocol parse_protocol(const std::string& name) {
  if (name == "dl") return Protocol::kDl;
  if (name == "cr") return Protocol::kCr;
  throw ConfigError("protocol: must be dl or cr (got '" + name + "')");
}

std::string to_string(SklearnEra era) { return era == SklearnEra::kPaper ? "paper" : "current"; }

SklearnEra parse_era(const std::string& name) {
  if (name == "paper") return SklearnEra::kPaper;
  if (name == "current") return SklearnEra::kCurrent;
  throw ConfigError("sklearn era: must be paper or current (got '" + name + "')");
}

void check_inputs(const MetricInputs& inputs, const std::string& metric) {
  if (inputs.dataset == nullptr)
    throw ConfigError(metric + ": no dataset (ground-truth oracle) given");
  if (!inputs.encode_mean) throw ConfigError(metric + ": no encoder given");
  if (inputs.code_dim <= 0)
    throw ConfigError(metric + ": code dimension must be > 0 (got " +
                      std::to_string(inputs.code_dim) + ")");
}

const Encoder& select_encoder(const MetricInputs& inputs, const std::string& representation,
                              const std::string& metric) {
  if (representation == "sampled") {
    if (!inputs.encode_sampled)
      throw ConfigError(metric +
                        ".representation: 'sampled' needs a model with a stochastic encoder");
    return inputs.encode_sampled;
  }
  return inputs.encode_mean;
}

void require_representation(const std::string& value, const std::string& path) {
  require(value == "mean" || value == "sampled", path, "must be mean or sampled",
          "'" + value + "'");
}

}  // namespace fb::metrics
