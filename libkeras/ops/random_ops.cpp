#include "libkeras/ops/random_ops.h"

#include <cmath>

#include "libkeras/ops/op_support.h"
#include "libkeras/ops/ops.h"

namespace keras::ops {

namespace {

void check_shape(const Shape& shape, const char* op) {
  for (std::int64_t d : shape) {
    if (d < 0) {
      throw ShapeError(std::string(op) + ": the shape must be fully known and non-negative, received " +
                       shape.to_string());
    }
  }
}

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

Tensor random_normal(const Shape& shape, float mean, float stddev, std::uint64_t seed, Device device) {
  check_shape(shape, "random_normal");
  if (!(stddev >= 0.0f) || !std::isfinite(stddev) || !std::isfinite(mean)) {
    throw ValueError("random_normal: expected a finite mean and a finite, non-negative stddev, received mean=" +
                     std::to_string(mean) + ", stddev=" + std::to_string(stddev));
  }
  Tensor out(shape, float32, device);
  backend_for(device).random().normal(out, mean, stddev, seed);
  return out;
}

Tensor random_uniform(const Shape& shape, float minval, float maxval, std::uint64_t seed, Device device) {
  check_shape(shape, "random_uniform");
  if (!(minval <= maxval) || !std::isfinite(minval) || !std::isfinite(maxval)) {
    throw ValueError("random_uniform: expected finite bounds with minval <= maxval, received minval=" +
                     std::to_string(minval) + ", maxval=" + std::to_string(maxval));
  }
  Tensor out(shape, float32, device);
  backend_for(device).random().uniform(out, minval, maxval, seed);
  return out;
}

Tensor dropout(const Tensor& x, float rate, const Shape& noise_shape, std::uint64_t seed) {
  if (!(rate >= 0.0f && rate <= 1.0f)) {
    throw ValueError("dropout: rate must be in [0, 1], received rate=" + std::to_string(rate));
  }
  check_shape(noise_shape, "dropout");
  if (noise_shape.rank() != x.rank() || !broadcasts_to(noise_shape, x.shape())) {
    throw ShapeError("dropout: noise_shape " + noise_shape.to_string() + " does not broadcast to the input shape " +
                     x.shape().to_string());
  }
  Tensor mask(noise_shape, float32, x.device());
  if (rate == 1.0f) {
    backend_for(x.device()).fill(mask, 0.0);
  } else {
    backend_for(x.device()).dropout_mask(mask, rate, seed);
  }
  return multiply(x, mask);
}

}  // namespace keras::ops
