#include "libkeras/ops/conv_ops.h"

namespace keras::ops {}  // namespace keras::ops
