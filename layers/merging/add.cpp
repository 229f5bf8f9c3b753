#include "layers/merging/add.h"

#include <nlohmann/json.hpp>

#include "libkeras/ops/ops.h"
#include "libkeras/serialization/config_reader.h"

namespace keras::layers {

Add::Add(Options options) : Shareable("add", options.name) {}

std::shared_ptr<Layer> Add::from_config(const Json& config) {
  ConfigReader c(config, "Add layer");
  return std::make_shared<Add>(Options{.name = c.string("name", "")});
}

Tensor Add::merge_function(const std::vector<Tensor>& inputs) const {
  Tensor output = inputs[0];
  for (std::size_t i = 1; i < inputs.size(); ++i) output = ops::add(output, inputs[i]);
  return output;
}

KerasTensor add(const std::vector<KerasTensor>& inputs, Add::Options options) {
  return Add(std::move(options))(inputs).at(0);
}

Tensor add(const std::vector<Tensor>& inputs, Add::Options options) {
  Add layer(std::move(options));
  return layer(inputs).at(0);
}

}  // namespace keras::layers
