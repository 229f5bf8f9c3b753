#include "layers/activations/leaky_relu.h"

#include <nlohmann/json.hpp>

#include "libkeras/ops/ops.h"
#include "libkeras/serialization/config_reader.h"
#include "libkeras/utils/error.h"

namespace keras::layers {

LeakyReLU::LeakyReLU(double negative_slope, Options options)
    : Shareable("leaky_re_lu", options.name), negative_slope_(negative_slope) {
  if (!(negative_slope >= 0.0)) {
    throw ValueError("LeakyReLU layer \"" + name() +
                     "\": the negative_slope value of a Leaky ReLU layer cannot be None or negative value. "
                     "Expected a float. Received: negative_slope=" + std::to_string(negative_slope));
  }
  supports_masking_ = true;
}

std::shared_ptr<Layer> LeakyReLU::from_config(const Json& config) {
  ConfigReader c(config, "LeakyReLU layer");
  // Keras 2 configs name the slope "alpha" (deprecated in Keras 3, still accepted).
  double slope = c.has("negative_slope") ? c.number("negative_slope", 0.3) : c.number("alpha", 0.3);
  return std::make_shared<LeakyReLU>(slope, Options{.name = c.string("name", "")});
}

Tensor LeakyReLU::call(const Tensor& inputs, bool) {
  return ops::leaky_relu(inputs, static_cast<float>(negative_slope_));
}

Json LeakyReLU::get_config() const {
  Json c = base_config();
  c["negative_slope"] = negative_slope_;
  return c;
}

}  // namespace keras::layers
