#include "layers/merging/average.h"

#include <nlohmann/json.hpp>

#include "libkeras/ops/ops.h"
#include "libkeras/serialization/config_reader.h"

namespace keras::layers {

Average::Average(Options options) : Shareable("average", options.name) {}

std::shared_ptr<Layer> Average::from_config(const Json& config) {
  ConfigReader c(config, "Average layer");
  return std::make_shared<Average>(Options{.name = c.string("name", "")});
}

Tensor Average::merge_function(const std::vector<Tensor>& inputs) const {
  Tensor output = inputs[0];
  for (std::size_t i = 1; i < inputs.size(); ++i) output = ops::add(output, inputs[i]);
  return ops::divide(output, Tensor::scalar(static_cast<float>(inputs.size()), output.device()));
}

KerasTensor average(const std::vector<KerasTensor>& inputs, Average::Options options) {
  return Average(std::move(options))(inputs).at(0);
}

Tensor average(const std::vector<Tensor>& inputs, Average::Options options) {
  Average layer(std::move(options));
  return layer(inputs).at(0);
}

}  // namespace keras::layers
