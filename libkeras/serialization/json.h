#pragma once
// Keras configurations are JSON objects; public headers only need the forward declaration.

#include <nlohmann/json_fwd.hpp>

namespace keras {
// ordered_json keeps keys in insertion order, so written configs read like Keras' own.
using Json = nlohmann::ordered_json;
}  // namespace keras
