#pragma once
// keras::ops for fused recurrent cell steps (SimpleRNN, LSTM, GRU) forward and backward. Included by libkeras/ops/ops.h.

#include "libkeras/tensor/tensor.h"

namespace keras::ops {}  // namespace keras::ops
