#include "libkeras/serialization/json_util.h"

#include <nlohmann/json.hpp>
#include <vector>

#include "libkeras/utils/error.h"

namespace keras {

namespace {

[[noreturn]] void too_deep(const std::string& source) {
  throw ValueError(source + ": JSON nested more than " + std::to_string(kMaxJsonDepth) +
                   " levels deep; Keras configs nest far less, so the file is corrupt or hostile");
}

}  // namespace

Json parse_json(std::string_view text, const std::string& source) {
  // nlohmann's parser is iterative, but everything that walks the result (copies, dump(), the
  // config readers) recurses: refuse deep nesting while parsing, before any of that runs. The
  // callback's depth counts the containers enclosing the value.
  Json::parser_callback_t bound = [&source](int depth, Json::parse_event_t event, Json&) {
    if ((event == Json::parse_event_t::object_start || event == Json::parse_event_t::array_start) &&
        depth >= kMaxJsonDepth) {
      too_deep(source);
    }
    return true;
  };
  try {
    return Json::parse(text, bound);
  } catch (const nlohmann::json::exception& e) {
    throw ValueError(source + ": not valid JSON (" + e.what() + ")");
  }
}

void check_json_depth(const Json& j, const std::string& source) {
  std::vector<std::pair<const Json*, int>> stack{{&j, 0}};
  while (!stack.empty()) {
    auto [node, depth] = stack.back();
    stack.pop_back();
    if (!node->is_structured()) continue;
    if (depth >= kMaxJsonDepth) too_deep(source);
    for (const Json& child : *node) stack.emplace_back(&child, depth + 1);
  }
}

std::string string_or(const Json& object, const char* key, const std::string& fallback) {
  if (!object.is_object()) return fallback;
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : fallback;
}

std::string string_field(const Json& object, const char* key, const std::string& fallback, const std::string& where) {
  if (!object.is_object()) return fallback;
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return fallback;
  if (!it->is_string()) {
    throw ValueError(where + ": field '" + key + "' must be a string, received " + it->dump().substr(0, 200));
  }
  return it->get<std::string>();
}

std::optional<std::string> entry_name(const Json& entry) {
  if (!entry.is_object()) return std::nullopt;
  auto it = entry.find("name");
  if (it != entry.end() && it->is_string()) return it->get<std::string>();
  auto config = entry.find("config");
  if (config != entry.end() && config->is_object()) {
    auto name = config->find("name");
    if (name != config->end() && name->is_string()) return name->get<std::string>();
  }
  return std::nullopt;
}

}  // namespace keras
