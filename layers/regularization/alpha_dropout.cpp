#include "layers/regularization/alpha_dropout.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "libkeras/ops/ops.h"
#include "libkeras/serialization/config_reader.h"
#include "libkeras/utils/error.h"

namespace keras::layers {

namespace {

// SELU's constants (keras.activations.selu).
constexpr double kSeluAlpha = 1.6732632423543772848170429916717;
constexpr double kSeluScale = 1.0507009873554804934193349852946;

// True when `from` broadcasts to exactly `to` (numpy rules, trailing axes aligned).
bool broadcasts_to(const Shape& from, const Shape& to) {
  if (from.rank() > to.rank()) return false;
  for (int k = 1; k <= from.rank(); ++k) {
    const std::int64_t f = from[from.rank() - k];
    if (f != 1 && f != to[to.rank() - k]) return false;
  }
  return true;
}

}  // namespace

AlphaDropout::AlphaDropout(double rate, Options options)
    : Shareable("alpha_dropout", options.name), rate_(rate), options_(std::move(options)),
      generator_(options_.seed) {
  if (!(rate >= 0.0 && rate <= 1.0)) {
    throw ValueError("AlphaDropout layer \"" + name() +
                     "\": invalid value received for argument `rate`. Expected a float value between 0 and 1. "
                     "Received: rate=" + std::to_string(rate));
  }
  if (options_.noise_shape) {
    for (std::int64_t d : *options_.noise_shape) {
      if (d < -1 || d == 0) {
        throw ValueError("AlphaDropout layer \"" + name() +
                         "\": noise_shape entries must be positive or None (-1), received noise_shape=" +
                         Shape(*options_.noise_shape).to_string());
      }
    }
  }
  supports_masking_ = true;
}

std::shared_ptr<Layer> AlphaDropout::from_config(const Json& config) {
  ConfigReader c(config, "AlphaDropout layer");
  Options o;
  if (!c.is_null("noise_shape")) o.noise_shape = c.shape("noise_shape");
  if (!c.is_null("seed")) o.seed = static_cast<std::uint64_t>(c.integer("seed"));
  o.name = c.string("name", "");
  if (c.is_null("rate")) c.fail("rate", "is required");
  return std::make_shared<AlphaDropout>(c.number("rate", 0.0), o);
}

Tensor AlphaDropout::call(const Tensor& inputs, bool training) {
  if (!training || rate_ == 0.0) return inputs;
  if (rate_ >= 1.0) {
    throw ValueError("AlphaDropout layer \"" + name() +
                     "\": rate=1 makes the affine correction ((1 - rate) * (1 + rate * alpha_p^2))^-1/2 infinite");
  }
  Shape noise = inputs.shape();
  if (options_.noise_shape) {
    if (static_cast<int>(options_.noise_shape->size()) != inputs.rank()) {
      throw ShapeError("AlphaDropout layer \"" + name() + "\": noise_shape " +
                       Shape(*options_.noise_shape).to_string() +
                       " does not have the rank of the input shape " + inputs.shape().to_string());
    }
    for (int k = 0; k < inputs.rank(); ++k) {
      std::int64_t d = (*options_.noise_shape)[static_cast<std::size_t>(k)];
      if (d >= 0) noise[k] = d;
    }
    if (!broadcasts_to(noise, inputs.shape())) {
      throw ShapeError("AlphaDropout layer \"" + name() + "\": noise_shape " + noise.to_string() +
                       " does not broadcast to the input shape " + inputs.shape().to_string());
    }
  }
  const double alpha_p = -kSeluAlpha * kSeluScale;
  const double a = std::pow((1.0 - rate_) * (1.0 + rate_ * alpha_p * alpha_p), -0.5);
  const double b = -a * alpha_p * rate_;
  Tensor u = ops::random_uniform(noise, 0.0f, 1.0f, generator_.next_u64(), inputs.device());
  // kept = (u >= rate), written as 1 - (u < rate).
  Tensor one = Tensor::scalar(1.0f, inputs.device());
  Tensor kept = ops::subtract(one, ops::less(u, Tensor::scalar(static_cast<float>(rate_), inputs.device())));
  Tensor x = ops::add(ops::multiply(inputs, kept), ops::subtract(one, kept) * static_cast<float>(alpha_p));
  return x * static_cast<float>(a) + static_cast<float>(b);
}

Json AlphaDropout::get_config() const {
  Json c = base_config();
  c["rate"] = rate_;
  c["seed"] = options_.seed ? Json(*options_.seed) : Json(nullptr);
  if (options_.noise_shape) {
    Json shape = Json::array();
    for (std::int64_t d : *options_.noise_shape) shape.push_back(d < 0 ? Json(nullptr) : Json(d));
    c["noise_shape"] = shape;
  } else {
    c["noise_shape"] = nullptr;
  }
  return c;
}

}  // namespace keras::layers
