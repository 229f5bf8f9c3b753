#include "layers/core/identity.h"

#include <nlohmann/json.hpp>

#include "libkeras/serialization/config_reader.h"

namespace keras::layers {

Identity::Identity(Options options) : Shareable("identity", options.name) { supports_masking_ = true; }

std::shared_ptr<Layer> Identity::from_config(const Json& config) {
  ConfigReader c(config, "Identity layer");
  return std::make_shared<Identity>(Options{.name = c.string("name", "")});
}

Tensor Identity::call(const Tensor& inputs, bool) { return inputs; }

}  // namespace keras::layers
