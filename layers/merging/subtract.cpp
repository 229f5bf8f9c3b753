#include "layers/merging/subtract.h"

#include <nlohmann/json.hpp>

#include "libkeras/ops/ops.h"
#include "libkeras/serialization/config_reader.h"
#include "libkeras/utils/error.h"

namespace keras::layers {

Subtract::Subtract(Options options) : Shareable("subtract", options.name) {}

std::shared_ptr<Layer> Subtract::from_config(const Json& config) {
  ConfigReader c(config, "Subtract layer");
  return std::make_shared<Subtract>(Options{.name = c.string("name", "")});
}

void Subtract::check_inputs(const std::vector<Shape>& shapes) const {
  if (shapes.size() != 2) {
    throw ValueError("A `Subtract` layer should be called on exactly 2 inputs. Layer \"" + name() + "\" received " +
                     std::to_string(shapes.size()) + ": input_shape=" + shapes_string(shapes));
  }
  Merge::check_inputs(shapes);
}

Tensor Subtract::merge_function(const std::vector<Tensor>& inputs) const {
  return ops::subtract(inputs[0], inputs[1]);
}

KerasTensor subtract(const std::vector<KerasTensor>& inputs, Subtract::Options options) {
  return Subtract(std::move(options))(inputs).at(0);
}

Tensor subtract(const std::vector<Tensor>& inputs, Subtract::Options options) {
  Subtract layer(std::move(options));
  return layer(inputs).at(0);
}

}  // namespace keras::layers
