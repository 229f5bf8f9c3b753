#include "layers/merging/maximum.h"

#include <nlohmann/json.hpp>

#include "libkeras/ops/ops.h"
#include "libkeras/serialization/config_reader.h"

namespace keras::layers {

Maximum::Maximum(Options options) : Shareable("maximum", options.name) {}

std::shared_ptr<Layer> Maximum::from_config(const Json& config) {
  ConfigReader c(config, "Maximum layer");
  return std::make_shared<Maximum>(Options{.name = c.string("name", "")});
}

Tensor Maximum::merge_function(const std::vector<Tensor>& inputs) const {
  return merge_masked(inputs, &ops::maximum);
}

KerasTensor maximum(const std::vector<KerasTensor>& inputs, Maximum::Options options) {
  return Maximum(std::move(options))(inputs).at(0);
}

Tensor maximum(const std::vector<Tensor>& inputs, Maximum::Options options) {
  Maximum layer(std::move(options));
  return layer(inputs).at(0);
}

}  // namespace keras::layers
