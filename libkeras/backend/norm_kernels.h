#pragma once
// Backend kernels for fused normalization (batch, layer, group) forward and backward.
// Same contracts as backend.h: contiguous tensors on the backend's device, preallocated outputs.

#include "libkeras/tensor/tensor.h"

namespace keras {

class NormKernels {
 public:
  virtual ~NormKernels() = default;
};

}  // namespace keras
