#include "libkeras/ops/random_ops.h"

namespace keras::ops {}  // namespace keras::ops
