#pragma once
// keras::ops for random tensors generated on the device (noise layers). Included by libkeras/ops/ops.h.
// Values come from the device's counter-based generator: a seed gives the same tensor for any
// thread count. They differ from TensorFlow's or JAX's streams for the same seed.

#include <cstdint>

#include "libkeras/tensor/tensor.h"

namespace keras::ops {

/// keras.random.normal: float32 samples of N(mean, stddev^2) with `shape`, created on `device`.
Tensor random_normal(const Shape& shape, float mean = 0.0f, float stddev = 1.0f, std::uint64_t seed = 0,
                     Device device = kCpu);
/// keras.random.uniform: float32 samples of U[minval, maxval) with `shape`, created on `device`.
Tensor random_uniform(const Shape& shape, float minval = 0.0f, float maxval = 1.0f, std::uint64_t seed = 0,
                      Device device = kCpu);
/// keras.random.dropout with a noise shape: x * mask, where mask has `noise_shape` (broadcast to
/// x's shape, e.g. (batch, 1, channels) to drop whole channels), each entry 0 with probability
/// `rate` and 1 / (1 - rate) otherwise. rate 1 gives zeros. Differentiable in x.
Tensor dropout(const Tensor& x, float rate, const Shape& noise_shape, std::uint64_t seed);

}  // namespace keras::ops
