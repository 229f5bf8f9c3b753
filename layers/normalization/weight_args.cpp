#include "layers/normalization/weight_args.h"

#include "libkeras/utils/error.h"

namespace keras::layers {

namespace {

// Runs a deserializer and re-throws its error with the layer and field named.
template <class F>
auto named(const ConfigReader& c, const std::string& key, const char* kind, F&& deserialize) {
  try {
    return deserialize(c.raw(key));
  } catch (const Error& e) {
    c.fail(key, std::string("is not a valid ") + kind + " (" + e.what() + ")");
  }
}

}  // namespace

InitializerArg initializer_field(const ConfigReader& c, const std::string& key, const InitializerArg& fallback) {
  if (c.is_null(key)) return fallback;
  return named(c, key, "initializer", [](const Json& j) { return initializers::deserialize(j); });
}

RegularizerArg regularizer_field(const ConfigReader& c, const std::string& key) {
  if (c.is_null(key)) return {};
  return named(c, key, "regularizer", [](const Json& j) { return regularizers::deserialize(j); });
}

ConstraintArg constraint_field(const ConfigReader& c, const std::string& key) {
  if (c.is_null(key)) return {};
  return named(c, key, "constraint", [](const Json& j) { return constraints::deserialize(j); });
}

}  // namespace keras::layers
