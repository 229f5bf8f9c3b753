#include "libkeras/ops/recurrent_ops.h"

namespace keras::ops {}  // namespace keras::ops
