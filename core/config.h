// Typed configuration structs, parsed from JSON with errors that name the path.
//
// A config is a plain struct with defaults in member initialisers, a `visit` listing its fields (name,
// member, description) and optionally `validate(where)`:
//
//   struct BetaVaeConfig {
//     double beta = 1.0;
//     template <class V> void visit(V&& v) { v("beta", beta, "weight of the KL term (> 0)"); }
//     void validate(const std::string& where) const { require(beta > 0, where + ".beta", "must be > 0", ...); }
//   };
//   auto cfg = fb::parse<BetaVaeConfig>(json, "spec.json: models[2].config");
//
// parse() starts from the defaults, rejects unknown keys (a misspelt `beta` is a wrong experiment),
// type-checks, overlays the user's keys and validates. (Boost.Describe would do the listing, but Debian 12's
// Boost 1.81 conflicts with the Boost 1.74 that python3-sklearn pulls in, so fields are listed by hand.)
#pragma once

#include <cmath>
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

#include "core/error.h"
#include "core/json.h"

namespace fb {

/// Throws ConfigError("<path>: <rule> (got <got>)") unless `ok`.
void require(bool ok, const std::string& path, const std::string& rule, const std::string& got);

/// Shortest decimal text that reads back as exactly `v` (for messages and file names).
std::string format_number(double v);

/// Applies one `--set key=value` override to `cfg`. `key` may be dotted (a.b); `value` is parsed as JSON
/// when it is valid JSON, otherwise taken as a string.
void apply_override(Json& cfg, const std::string& key_equals_value);

/// JSON type name for error messages.
std::string json_kind(const Json& v);

namespace detail {

template <class T, class = void>
struct HasValidate : std::false_type {};
template <class T>
struct HasValidate<T, std::void_t<decltype(std::declval<const T&>().validate(std::string()))>>
    : std::true_type {};

template <class T>
struct IsVector : std::false_type {};
template <class T>
struct IsVector<std::vector<T>> : std::true_type {};

[[noreturn]] void type_error(const Json& v, const std::string& path, const char* expected);

template <class T>
void read_value(const Json& v, const std::string& path, T& out);

/// Collects the field names of a config struct.
struct NameLister {
  std::vector<std::string> names;
  template <class M>
  void operator()(const char* name, M&, const char* = "") {
    names.emplace_back(name);
  }
};

struct FieldReader {
  const Json& obj;
  const std::string& path;
  template <class M>
  void operator()(const char* name, M& member, const char* = "") {
    auto it = obj.find(name);
    if (it != obj.end()) read_value(*it, path + "." + name, member);
  }
};

struct FieldWriter {
  Json& obj;
  template <class M>
  void operator()(const char* name, const M& member, const char* = "");
};

template <class T>
void read_value(const Json& v, const std::string& path, T& out) {
  if constexpr (std::is_same_v<T, Json>) {
    out = v;  // free-form JSON, validated by its owner
  } else if constexpr (std::is_same_v<T, bool>) {
    if (!v.is_boolean()) type_error(v, path, "true or false");
    out = v.get<bool>();
  } else if constexpr (std::is_integral_v<T>) {
    if (v.is_number_integer()) {
      out = v.get<T>();
    } else if (v.is_number_float() && std::floor(v.get<double>()) == v.get<double>() &&
               std::fabs(v.get<double>()) < 9.0e15) {
      out = static_cast<T>(v.get<double>());
    } else {
      type_error(v, path, "an integer");
    }
  } else if constexpr (std::is_floating_point_v<T>) {
    if (!v.is_number()) type_error(v, path, "a number");
    out = v.get<T>();
  } else if constexpr (std::is_same_v<T, std::string>) {
    if (!v.is_string()) type_error(v, path, "a string");
    out = v.get<std::string>();
  } else if constexpr (IsVector<T>::value) {
    if (!v.is_array()) type_error(v, path, "an array");
    out.clear();
    out.resize(v.size());
    for (std::size_t i = 0; i < v.size(); ++i)
      read_value(v[i], path + "[" + std::to_string(i) + "]", out[i]);
  } else {
    if (!v.is_object()) type_error(v, path, "an object");
    NameLister lister;
    out.visit(lister);
    for (auto it = v.begin(); it != v.end(); ++it) {
      bool known = false;
      for (const auto& n : lister.names) known = known || n == it.key();
      if (!known) {
        std::string names;
        for (const auto& n : lister.names) names += (names.empty() ? "" : ", ") + n;
        throw ConfigError(path + "." + it.key() + ": unknown key (known: " + names + ")");
      }
    }
    FieldReader reader{v, path};
    out.visit(reader);
  }
}

template <class T>
Json write_value(const T& v) {
  if constexpr (std::is_same_v<T, Json> || std::is_same_v<T, bool> || std::is_arithmetic_v<T> ||
                std::is_same_v<T, std::string>) {
    return Json(v);
  } else if constexpr (IsVector<T>::value) {
    Json arr = Json::array();
    for (const auto& x : v) arr.push_back(write_value(x));
    return arr;
  } else {
    Json obj = Json::object();
    FieldWriter writer{obj};
    const_cast<T&>(v).visit(writer);  // visit only reads through the writer
    return obj;
  }
}

template <class M>
void FieldWriter::operator()(const char* name, const M& member, const char*) {
  obj[name] = write_value(member);
}

}  // namespace detail

/// Parses `json` (an object, or null for all defaults) into T; `where` prefixes every error message.
template <class T>
T parse(const Json& json, const std::string& where) {
  T out{};
  if (!json.is_null()) detail::read_value(json, where, out);
  if constexpr (detail::HasValidate<T>::value) out.validate(where);
  return out;
}

/// The JSON form of a config struct (every field, defaults included).
template <class T>
Json to_json(const T& cfg) {
  return detail::write_value(cfg);
}

}  // namespace fb
