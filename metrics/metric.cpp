#include "metrics/metric.h"

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
