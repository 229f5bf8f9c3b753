#include "layers/activations/elu.h"

#include <nlohmann/json.hpp>

#include "libkeras/ops/ops.h"
#include "libkeras/serialization/config_reader.h"

namespace keras::layers {

ELU::ELU(double alpha, Options options) : Shareable("elu", options.name), alpha_(alpha) { supports_masking_ = true; }

std::shared_ptr<Layer> ELU::from_config(const Json& config) {
  ConfigReader c(config, "ELU layer");
  return std::make_shared<ELU>(c.number("alpha", 1.0), Options{.name = c.string("name", "")});
}

Tensor ELU::call(const Tensor& inputs, bool) { return ops::elu(inputs, static_cast<float>(alpha_)); }

Json ELU::get_config() const {
  // ELU has no get_config in Keras: its automatic config puts the constructor arguments right
  // after the name, before trainable and dtype.
  Json base = base_config();
  Json c;
  c["name"] = base["name"];
  c["alpha"] = alpha_;
  c["trainable"] = base["trainable"];
  c["dtype"] = base["dtype"];
  return c;
}

}  // namespace keras::layers
