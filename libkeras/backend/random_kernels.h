#pragma once
// Backend kernels for random tensors generated on the device (noise layers).
// Same contracts as backend.h: contiguous tensors on the backend's device, preallocated outputs.
// Every kernel is counter-based: element i depends only on (seed, i), so a seed gives the same
// tensor for any thread count (and, on every backend, the same stream of bits).

#include <cstdint>

#include "libkeras/tensor/tensor.h"

namespace keras {

class RandomKernels {
 public:
  virtual ~RandomKernels() = default;

  /// requires: out is float32.
  /// ensures: out[i] = mean + stddev * z_i, z_i a standard normal draw (Box-Muller on 2 x 32 bits).
  virtual void normal(Tensor& out, float mean, float stddev, std::uint64_t seed) = 0;
  /// requires: out is float32, minval <= maxval.
  /// ensures: out[i] = minval + (maxval - minval) * u_i, u_i uniform in [0, 1) on a 2^-24 grid.
  virtual void uniform(Tensor& out, float minval, float maxval, std::uint64_t seed) = 0;
};

}  // namespace keras
