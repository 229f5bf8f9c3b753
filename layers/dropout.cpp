#include "layers/dropout.h"

#include <nlohmann/json.hpp>

#include "libkeras/ops/ops.h"
#include "libkeras/serialization/config_reader.h"
#include "libkeras/utils/error.h"

namespace keras::layers {

Dropout::Dropout(double rate, Options options)
    : Shareable("dropout", options.name), rate_(rate), seed_(options.seed),
      generator_(options.seed ? *options.seed : random::next_seed()) {
  if (!(rate >= 0.0 && rate <= 1.0)) {
    throw ValueError("Invalid value received for argument `rate`. Expected a float value between 0 and 1. Received: rate=" +
                     std::to_string(rate));
  }
  supports_masking_ = true;
}

std::shared_ptr<Layer> Dropout::from_config(const Json& config) {
  ConfigReader c(config, "Dropout layer");
  if (!c.is_null("noise_shape")) c.fail("noise_shape", "must be null (noise_shape is not supported)");
  Options o;
  if (!c.is_null("seed")) o.seed = static_cast<std::uint64_t>(c.integer("seed"));
  o.name = c.string("name", "");
  return std::make_shared<Dropout>(c.number("rate", 0.5), o);
}

Tensor Dropout::call(const Tensor& inputs, bool training) {
  if (!training || rate_ == 0.0) return inputs;
  if (rate_ >= 1.0) return ops::multiply(inputs, Tensor::scalar(0.0f, inputs.device()));
  return ops::dropout(inputs, static_cast<float>(rate_), generator_.next_u64());
}

Json Dropout::get_config() const {
  Json c = base_config();
  c["rate"] = rate_;
  c["seed"] = seed_ ? Json(*seed_) : Json(nullptr);
  c["noise_shape"] = nullptr;
  return c;
}

}  // namespace keras::layers
