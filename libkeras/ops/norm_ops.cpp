#include "libkeras/ops/norm_ops.h"

namespace keras::ops {}  // namespace keras::ops
