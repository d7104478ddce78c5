#include "core/config.h"

#include <cstdio>
#include <cstdlib>

namespace fb {

void require(bool ok, const std::string& path, const std::string& rule, const std::string& got) {
  if (!ok) throw ConfigError(path + ": " + rule + " (got " + got + ")");
}

std::string format_number(double v) {
  char buf[64];
  for (int prec = 1; prec <= 17; ++prec) {
    std::snprintf(buf, sizeof buf, "%.*g", prec, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return buf;
}

std::string json_kind(const Json& v) {
  if (v.is_null()) return "null";
  if (v.is_boolean()) return "boolean";
  if (v.is_number_integer()) return "integer";
  if (v.is_number()) return "number";
  if (v.is_string()) return "string";
  if (v.is_array()) return "array";
  return "object";
}

namespace detail {
void type_error(const Json& v, const std::string& path, const char* expected) {
  throw ConfigError(path + ": expected " + expected + " (got " + json_kind(v) + " " + v.dump() +
                    ")");
}
}  // namespace detail

void apply_override(Json& cfg, const std::string& key_equals_value) {
  auto eq = key_equals_value.find('=');
  if (eq == std::string::npos || eq == 0)
    throw ConfigError("--set " + key_equals_value + ": expected key=value");
  std::string key = key_equals_value.substr(0, eq);
  std::string text = key_equals_value.substr(eq + 1);
  Json value = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) value = text;
  if (!cfg.is_object()) cfg = Json::object();
  Json* node = &cfg;
  std::size_t start = 0;
  for (std::size_t dot; (dot = key.find('.', start)) != std::string::npos; start = dot + 1) {
    Json& child = (*node)[key.substr(start, dot - start)];
    if (!child.is_object()) child = Json::object();
    node = &child;
  }
  (*node)[key.substr(start)] = std::move(value);
}

}  // namespace fb
