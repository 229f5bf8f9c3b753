#pragma once
// Backend kernels for fused recurrent cell steps (SimpleRNN, LSTM, GRU) forward and backward.
// Same contracts as backend.h: contiguous tensors on the backend's device, preallocated outputs.

#include "libkeras/tensor/tensor.h"

namespace keras {

class RecurrentKernels {
 public:
  virtual ~RecurrentKernels() = default;
};

}  // namespace keras
