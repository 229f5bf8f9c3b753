#pragma once
// Backend kernels for N-dimensional, grouped, depthwise and transposed convolution; 1-D/3-D and global pooling; resampling.
// Same contracts as backend.h: contiguous tensors on the backend's device, preallocated outputs.

#include "libkeras/tensor/tensor.h"

namespace keras {

class ConvKernels {
 public:
  virtual ~ConvKernels() = default;
};

}  // namespace keras
