#pragma once
// Backend kernels for random tensors generated on the device (noise layers).
// Same contracts as backend.h: contiguous tensors on the backend's device, preallocated outputs.

#include "libkeras/tensor/tensor.h"

namespace keras {

class RandomKernels {
 public:
  virtual ~RandomKernels() = default;
};

}  // namespace keras
