#pragma once
// The parts of run_layer_test for layers it cannot drive: cells (called on [x, states...]) and
// wrappers, whose weights belong to the wrapped layers (paths "<inner layer>/kernel").

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "layers/layer_registry.h"
#include "libkeras/model/layer.h"

namespace keras::testing {

inline std::vector<std::string> weight_names(const Layer& layer) {
  std::vector<std::string> names;
  for (const Variable* v : layer.weights()) names.push_back(v->name());
  return names;
}

/// get_config -> from_config through the registry and through JSON text gives the same config;
/// returns the copy (unbuilt).
inline std::shared_ptr<Layer> check_config_round_trip(const Layer& layer) {
  const Json serialized = layers::serialize(layer);
  std::shared_ptr<Layer> copy = layers::deserialize(serialized);
  CHECK(copy->class_name() == layer.class_name());
  CHECK(copy->get_config().dump() == layer.get_config().dump());
  CHECK(layers::deserialize(Json::parse(serialized.dump()))->get_config().dump() == layer.get_config().dump());
  return copy;
}

}  // namespace keras::testing
