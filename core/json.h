// The project's JSON type (nlohmann/json, ordered so written files keep a readable key order).
#pragma once

#include <nlohmann/json.hpp>

namespace fb {
using Json = nlohmann::ordered_json;
}  // namespace fb
