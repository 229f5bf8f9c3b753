#pragma once
// keras::ops for N-dimensional, grouped, depthwise and transposed convolution; 1-D/3-D and global pooling; resampling. Included by libkeras/ops/ops.h.

#include "libkeras/tensor/tensor.h"

namespace keras::ops {}  // namespace keras::ops
