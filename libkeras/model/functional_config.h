#pragma once
// Functional models to and from their Keras config. Model::get_config (declared in model.h)
// writes Keras 3's form; functional_from_config reads Keras 1, 2 and 3 forms:
//   inbound_nodes  Keras 1: [[["dense_1", 0, 0]]]   Keras 2: [[["dense_1", 0, 0, {}]]]
//                  Keras 3: [{"args": [<__keras_tensor__ with keras_history>], "kwargs": {}}]
//   input_layers   a flat ["input_1", 0, 0], a list of such triples, or a dict by input name.

#include <functional>
#include <memory>
#include <string>

#include "libkeras/model/model.h"
#include "libkeras/serialization/json.h"

namespace keras {

/// Creates the layer of one entry of a config's "layers" list (nested models included).
using LayerEntryLoader = std::function<std::shared_ptr<Layer>(const Json& entry)>;

/// keras Functional.from_config: `config` is the "config" object of a Functional / Model entry,
/// its layer configs already in Keras 3 form (see legacy_config.h). Errors name `source`, the
/// layer and the field.
std::shared_ptr<Model> functional_from_config(const Json& config, const std::string& source,
                                              const LayerEntryLoader& load_layer);

}  // namespace keras
