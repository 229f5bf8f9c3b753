#include "layers/dropout.h"

#include <nlohmann/json.hpp>

#include "libkeras/ops/ops.h"
#include "libkeras/serialization/config_reader.h"
#include "libkeras/utils/error.h"

namespace keras::layers {

Dropout::Dropout(double rate, Options options)
    : Shareable("dropout", options.name), rate_(rate), noise_shape_(std::move(options.noise_shape)),
      seed_(options.seed), generator_(options.seed) {
  if (!(rate >= 0.0 && rate <= 1.0)) {
    throw ValueError("Invalid value received for argument `rate`. Expected a float value between 0 and 1. Received: rate=" +
                     std::to_string(rate));
  }
  for (std::int64_t d : noise_shape_) {
    if (d < -1 || d == 0) {
      throw ValueError("Dropout layer \"" + name() + "\": noise_shape entries must be positive or None (-1), received " +
                       std::to_string(d));
    }
  }
  supports_masking_ = true;
}

std::shared_ptr<Layer> Dropout::from_config(const Json& config) {
  ConfigReader c(config, "Dropout layer");
  Options o;
  if (!c.is_null("noise_shape")) {
    const Json& shape = c.raw("noise_shape");
    if (!shape.is_array()) c.fail("noise_shape", "must be a list of sizes (null for None) or null");
    for (const Json& d : shape) {
      if (!d.is_null() && !d.is_number_integer()) c.fail("noise_shape", "must hold integers or nulls");
      o.noise_shape.push_back(d.is_null() ? -1 : d.get<std::int64_t>());
    }
  }
  if (!c.is_null("seed")) o.seed = static_cast<std::uint64_t>(c.integer("seed"));
  o.name = c.string("name", "");
  return std::make_shared<Dropout>(c.number("rate", 0.5), o);
}

Tensor Dropout::call(const Tensor& inputs, bool training) {
  if (!training || rate_ == 0.0) return inputs;
  if (rate_ >= 1.0) return ops::multiply(inputs, Tensor::scalar(0.0f, inputs.device()));
  if (noise_shape_.empty()) return ops::dropout(inputs, static_cast<float>(rate_), generator_.next_u64());
  if (static_cast<int>(noise_shape_.size()) != inputs.rank()) {
    throw ShapeError("Dropout layer \"" + name() + "\": noise_shape has " + std::to_string(noise_shape_.size()) +
                     " entries but the input " + inputs.shape().to_string() + " has rank " +
                     std::to_string(inputs.rank()));
  }
  std::vector<std::int64_t> dims;
  for (int a = 0; a < inputs.rank(); ++a) {
    const std::int64_t d = noise_shape_[static_cast<std::size_t>(a)];
    if (d != -1 && d != 1 && d != inputs.dim(a)) {
      throw ShapeError("Dropout layer \"" + name() + "\": noise_shape " + Shape(noise_shape_).to_string() +
                       " does not broadcast to the input shape " + inputs.shape().to_string());
    }
    dims.push_back(d == -1 ? inputs.dim(a) : d);
  }
  return ops::dropout(inputs, static_cast<float>(rate_), Shape(dims), generator_.next_u64());
}

Json Dropout::get_config() const {
  Json c = base_config();
  c["rate"] = rate_;
  c["seed"] = seed_ ? Json(*seed_) : Json(nullptr);
  if (noise_shape_.empty()) {
    c["noise_shape"] = nullptr;
  } else {
    Json shape = Json::array();
    for (std::int64_t d : noise_shape_) shape.push_back(d == -1 ? Json(nullptr) : Json(d));
    c["noise_shape"] = shape;
  }
  return c;
}

}  // namespace keras::layers
