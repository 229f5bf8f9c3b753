#pragma once
// keras::ops for fused normalization (batch, layer, group) forward and backward. Included by libkeras/ops/ops.h.

#include "libkeras/tensor/tensor.h"

namespace keras::ops {}  // namespace keras::ops
