#include "layers/regularization/gaussian_dropout.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "libkeras/ops/ops.h"
#include "libkeras/serialization/config_reader.h"
#include "libkeras/utils/error.h"

namespace keras::layers {

GaussianDropout::GaussianDropout(double rate, Options options)
    : Shareable("gaussian_dropout", options.name), rate_(rate), seed_(options.seed),
      generator_(options.seed) {
  if (!(rate >= 0.0 && rate <= 1.0)) {
    throw ValueError("GaussianDropout layer \"" + name() +
                     "\": invalid value received for argument `rate`. Expected a float value between 0 and 1. "
                     "Received: rate=" + std::to_string(rate));
  }
  supports_masking_ = true;
}

std::shared_ptr<Layer> GaussianDropout::from_config(const Json& config) {
  ConfigReader c(config, "GaussianDropout layer");
  Options o;
  if (!c.is_null("seed")) o.seed = static_cast<std::uint64_t>(c.integer("seed"));
  o.name = c.string("name", "");
  if (c.is_null("rate")) c.fail("rate", "is required");
  return std::make_shared<GaussianDropout>(c.number("rate", 0.0), o);
}

Tensor GaussianDropout::call(const Tensor& inputs, bool training) {
  if (!training || rate_ == 0.0) return inputs;
  if (rate_ >= 1.0) {
    throw ValueError("GaussianDropout layer \"" + name() +
                     "\": rate=1 makes the noise standard deviation sqrt(rate / (1 - rate)) infinite");
  }
  const auto stddev = static_cast<float>(std::sqrt(rate_ / (1.0 - rate_)));
  Tensor noise = ops::random_normal(inputs.shape(), 1.0f, stddev, generator_.next_u64(), inputs.device());
  return ops::multiply(inputs, noise);
}

Json GaussianDropout::get_config() const {
  Json c = base_config();
  c["rate"] = rate_;
  c["seed"] = seed_ ? Json(*seed_) : Json(nullptr);
  return c;
}

}  // namespace keras::layers
