#pragma once
// Model configs in every Keras form (model_from_config, model_from_json, model_to_config and
// Model::to_json are declared in saving.h). Keras 1/2 fields are mapped by legacy_config.h
// first; this file reads the structures: the Sequential list and dict forms, Functional
// graphs (functional_config.h), nested models, and the first layer's input shape.

#include <memory>
#include <string>

#include "libkeras/model/layer.h"
#include "libkeras/serialization/json.h"
#include "libkeras/serialization/saving.h"

namespace keras {

/// The layer (or nested model) of one entry of a model config's "layers", already in Keras 3
/// form. Lambda layers and classes that are not built into Keras are ValueErrors naming
/// `source`, the layer and the field.
std::shared_ptr<Layer> layer_from_entry(const Json& entry, const std::string& source);

}  // namespace keras
