#include "layers/activations/relu.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "libkeras/ops/ops.h"
#include "libkeras/serialization/config_reader.h"
#include "libkeras/utils/error.h"

namespace keras::layers {

ReLU::ReLU(Options options) : Shareable("re_lu", options.name), options_(std::move(options)) {
  const std::string who = "ReLU layer \"" + name() + "\": ";
  if (options_.max_value && !(*options_.max_value >= 0.0)) {
    throw ValueError(who + "max_value of a ReLU layer cannot be a negative value. Received: max_value=" +
                     std::to_string(*options_.max_value));
  }
  if (!(options_.negative_slope >= 0.0)) {
    throw ValueError(who + "negative_slope of a ReLU layer cannot be a negative value. Received: negative_slope=" +
                     std::to_string(options_.negative_slope));
  }
  if (!(options_.threshold >= 0.0)) {
    throw ValueError(who + "threshold of a ReLU layer cannot be a negative value. Received: threshold=" +
                     std::to_string(options_.threshold));
  }
  supports_masking_ = true;
}

std::shared_ptr<Layer> ReLU::from_config(const Json& config) {
  ConfigReader c(config, "ReLU layer");
  Options o;
  if (!c.is_null("max_value")) o.max_value = c.number("max_value", 0.0);
  o.negative_slope = c.number("negative_slope", 0.0);
  o.threshold = c.number("threshold", 0.0);
  o.name = c.string("name", "");
  return std::make_shared<ReLU>(o);
}

Tensor ReLU::call(const Tensor& inputs, bool) {
  // keras.activations.relu, term by term.
  const auto slope = static_cast<float>(options_.negative_slope);
  const auto threshold = static_cast<float>(options_.threshold);
  const Tensor& x = inputs;
  if (slope != 0.0f && !options_.max_value && threshold == 0.0f) return ops::leaky_relu(x, slope);
  Tensor negative_part;
  if (slope != 0.0f) {
    negative_part = ops::relu(threshold != 0.0f ? ops::subtract(Tensor::scalar(threshold, x.device()), x)
                                                : ops::negative(x));
  }
  Tensor y;
  if (threshold != 0.0f) {
    y = ops::multiply(x, ops::greater(x, Tensor::scalar(threshold, x.device())));
  } else {
    y = ops::relu(x);
  }
  if (options_.max_value) y = ops::clip(y, 0.0f, static_cast<float>(*options_.max_value));
  if (slope != 0.0f) y = ops::subtract(y, negative_part * slope);
  return y;
}

Json ReLU::get_config() const {
  Json c = base_config();
  c["max_value"] = options_.max_value ? Json(*options_.max_value) : Json(nullptr);
  c["negative_slope"] = options_.negative_slope;
  c["threshold"] = options_.threshold;
  return c;
}

}  // namespace keras::layers
