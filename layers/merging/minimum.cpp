#include "layers/merging/minimum.h"

#include <nlohmann/json.hpp>

#include "libkeras/ops/ops.h"
#include "libkeras/serialization/config_reader.h"

namespace keras::layers {

Minimum::Minimum(Options options) : Shareable("minimum", options.name) {}

std::shared_ptr<Layer> Minimum::from_config(const Json& config) {
  ConfigReader c(config, "Minimum layer");
  return std::make_shared<Minimum>(Options{.name = c.string("name", "")});
}

Tensor Minimum::merge_function(const std::vector<Tensor>& inputs) const {
  return merge_masked(inputs, &ops::minimum);
}

KerasTensor minimum(const std::vector<KerasTensor>& inputs, Minimum::Options options) {
  return Minimum(std::move(options))(inputs).at(0);
}

Tensor minimum(const std::vector<Tensor>& inputs, Minimum::Options options) {
  Minimum layer(std::move(options));
  return layer(inputs).at(0);
}

}  // namespace keras::layers
