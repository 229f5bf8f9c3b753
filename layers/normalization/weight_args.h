#pragma once
// Reading the initializer, regularizer and constraint fields of a layer config (shared by the
// normalization and attention layers). Errors name the layer and the field.

#include <string>

#include "constraints/constraints.h"
#include "initializers/initializers.h"
#include "libkeras/serialization/config_reader.h"
#include "regularizers/regularizers.h"

namespace keras::layers {

/// The field's initializer, or `fallback` when it is absent or null.
InitializerArg initializer_field(const ConfigReader& c, const std::string& key, const InitializerArg& fallback);
/// The field's regularizer; none when absent or null.
RegularizerArg regularizer_field(const ConfigReader& c, const std::string& key);
/// The field's constraint; none when absent or null.
ConstraintArg constraint_field(const ConfigReader& c, const std::string& key);

}  // namespace keras::layers
