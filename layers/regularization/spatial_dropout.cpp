#include "layers/regularization/spatial_dropout.h"

#include <nlohmann/json.hpp>

#include "libkeras/ops/ops.h"
#include "libkeras/serialization/config_reader.h"
#include "libkeras/utils/error.h"
#include "libkeras/utils/naming.h"

namespace keras::layers {

namespace {

SpatialDropoutOptions options_of(const ConfigReader& c) {
  SpatialDropoutOptions o;
  o.data_format = c.string("data_format", "channels_last");
  if (!c.is_null("seed")) o.seed = static_cast<std::uint64_t>(c.integer("seed"));
  o.name = c.string("name", "");
  return o;
}

}  // namespace

BaseSpatialDropout::BaseSpatialDropout(const char* keras_class, double rate, std::optional<std::uint64_t> seed,
                                       const std::string& name, int ndim, std::string data_format)
    : Layer(utils::to_snake_case(keras_class), name), rate_(rate), seed_(seed), data_format_(std::move(data_format)),
      generator_(seed) {
  const std::string who = std::string(keras_class) + " layer \"" + this->name() + "\"";
  if (!(rate >= 0.0 && rate <= 1.0)) {
    throw ValueError(who + ": invalid value received for argument `rate`. Expected a float value between 0 and 1. "
                           "Received: rate=" + std::to_string(rate));
  }
  if (!data_format_.empty() && data_format_ != "channels_last" && data_format_ != "channels_first") {
    throw ValueError(who + ": the `data_format` argument must be one of \"channels_first\", \"channels_last\". "
                           "Received: data_format=" + data_format_);
  }
  input_spec_.ndim = ndim;
  supports_masking_ = true;
}

Tensor BaseSpatialDropout::call(const Tensor& inputs, bool training) {
  if (!training || rate_ == 0.0) return inputs;
  // One draw per (sample, channel): every other axis of the mask is 1 and broadcasts.
  std::vector<std::int64_t> noise(static_cast<std::size_t>(inputs.rank()), 1);
  noise[0] = inputs.dim(0);
  const int channel_axis = data_format_ == "channels_first" ? 1 : inputs.rank() - 1;
  noise[static_cast<std::size_t>(channel_axis)] = inputs.dim(channel_axis);
  return ops::dropout(inputs, static_cast<float>(rate_), Shape(noise), generator_.next_u64());
}

Json BaseSpatialDropout::get_config() const {
  // Keras' BaseSpatialDropout.get_config lists exactly these keys, with dtype as a plain string.
  Json c;
  c["rate"] = rate_;
  c["seed"] = seed_ ? Json(*seed_) : Json(nullptr);
  c["name"] = name();
  c["dtype"] = "float32";
  if (!data_format_.empty()) c["data_format"] = data_format_;
  return c;
}

SpatialDropout1D::SpatialDropout1D(double rate, Options options)
    : Shareable("SpatialDropout1D", rate, options.seed, options.name, 3, "") {}

std::shared_ptr<Layer> SpatialDropout1D::from_config(const Json& config) {
  ConfigReader c(config, "SpatialDropout1D layer");
  SpatialDropoutOptions o = options_of(c);
  return std::make_shared<SpatialDropout1D>(c.number("rate", 0.5), Options{.seed = o.seed, .name = o.name});
}

SpatialDropout2D::SpatialDropout2D(double rate, Options options)
    : Shareable("SpatialDropout2D", rate, options.seed, options.name, 4, options.data_format) {}

std::shared_ptr<Layer> SpatialDropout2D::from_config(const Json& config) {
  ConfigReader c(config, "SpatialDropout2D layer");
  return std::make_shared<SpatialDropout2D>(c.number("rate", 0.5), options_of(c));
}

SpatialDropout3D::SpatialDropout3D(double rate, Options options)
    : Shareable("SpatialDropout3D", rate, options.seed, options.name, 5, options.data_format) {}

std::shared_ptr<Layer> SpatialDropout3D::from_config(const Json& config) {
  ConfigReader c(config, "SpatialDropout3D layer");
  return std::make_shared<SpatialDropout3D>(c.number("rate", 0.5), options_of(c));
}

}  // namespace keras::layers
