#include "layers/activation.h"

#include <nlohmann/json.hpp>

#include "libkeras/serialization/config_reader.h"

namespace keras::layers {

Activation::Activation(const std::string& activation, std::string name)
    : Shareable("activation", name), activation_name_(activation), activation_(activations::get(activation)) {
  supports_masking_ = true;
}

std::shared_ptr<Layer> Activation::from_config(const Json& config) {
  ConfigReader c(config, "Activation layer");
  return std::make_shared<Activation>(c.string("activation", "linear"), c.string("name", ""));
}

Tensor Activation::call(const Tensor& inputs, bool) { return activation_(inputs); }

Json Activation::get_config() const {
  Json c = base_config();
  c["activation"] = activation_name_;
  return c;
}

}  // namespace keras::layers
