#pragma once
// keras::ops for random tensors generated on the device (noise layers). Included by libkeras/ops/ops.h.

#include "libkeras/tensor/tensor.h"

namespace keras::ops {}  // namespace keras::ops
