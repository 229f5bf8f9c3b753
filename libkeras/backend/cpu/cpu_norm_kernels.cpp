#include "libkeras/backend/cpu/cpu_norm_kernels.h"

namespace keras::cpu {}  // namespace keras::cpu
