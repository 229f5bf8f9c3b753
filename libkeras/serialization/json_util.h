#pragma once
// Reading JSON from files safely: every config and training config comes from a file that may
// be corrupt or hostile, so parsing bounds the nesting (the loaders walk configs recursively)
// and fields are type-checked before use (nlohmann's value()/get() throw type_error otherwise).

#include <optional>
#include <string>
#include <string_view>

#include "libkeras/serialization/json.h"

namespace keras {

/// Deepest nesting of arrays and objects accepted from a file. Keras configs nest fewer than 20
/// levels (a few more per nested model); the bound keeps recursive walks off the stack limit.
inline constexpr int kMaxJsonDepth = 128;

/// `text` parsed as JSON. Invalid JSON, or JSON nested deeper than kMaxJsonDepth, is a
/// ValueError naming `source` (the file, and the member or attribute in it).
Json parse_json(std::string_view text, const std::string& source);

/// ValueError naming `source` when `j` (built by code rather than parsed) nests deeper than
/// kMaxJsonDepth. Iterative, so it is safe on any depth.
void check_json_depth(const Json& j, const std::string& source);

/// object[key] when it is a string, else `fallback` (absent, null, another type, or `object`
/// not an object). For names quoted in messages, where a wrong type must not throw.
std::string string_or(const Json& object, const char* key, const std::string& fallback);

/// object[key] when it is a string, `fallback` when absent or null; any other type is a
/// ValueError "<where>: field '<key>' must be a string, received ...".
std::string string_field(const Json& object, const char* key, const std::string& fallback, const std::string& where);

/// The name of a model config's layer entry: Keras 3's top-level "name", else config.name;
/// std::nullopt when neither is a string.
std::optional<std::string> entry_name(const Json& entry);

}  // namespace keras
