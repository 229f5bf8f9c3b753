#include "layers/regularization/gaussian_noise.h"

#include <nlohmann/json.hpp>

#include "libkeras/ops/ops.h"
#include "libkeras/serialization/config_reader.h"
#include "libkeras/utils/error.h"

namespace keras::layers {

GaussianNoise::GaussianNoise(double stddev, Options options)
    : Shareable("gaussian_noise", options.name), stddev_(stddev), seed_(options.seed),
      generator_(options.seed) {
  if (!(stddev >= 0.0 && stddev <= 1.0)) {
    throw ValueError("GaussianNoise layer \"" + name() +
                     "\": invalid value received for argument `stddev`. Expected a float value between 0 and 1. "
                     "Received: stddev=" + std::to_string(stddev));
  }
  supports_masking_ = true;
}

std::shared_ptr<Layer> GaussianNoise::from_config(const Json& config) {
  ConfigReader c(config, "GaussianNoise layer");
  Options o;
  if (!c.is_null("seed")) o.seed = static_cast<std::uint64_t>(c.integer("seed"));
  o.name = c.string("name", "");
  if (c.is_null("stddev")) c.fail("stddev", "is required");
  return std::make_shared<GaussianNoise>(c.number("stddev", 0.0), o);
}

Tensor GaussianNoise::call(const Tensor& inputs, bool training) {
  if (!training || stddev_ == 0.0) return inputs;
  Tensor noise =
      ops::random_normal(inputs.shape(), 0.0f, static_cast<float>(stddev_), generator_.next_u64(), inputs.device());
  return ops::add(inputs, noise);
}

Json GaussianNoise::get_config() const {
  Json c = base_config();
  c["stddev"] = stddev_;
  c["seed"] = seed_ ? Json(*seed_) : Json(nullptr);
  return c;
}

}  // namespace keras::layers
