#include "libkeras/backend/cpu/cpu_random_kernels.h"

namespace keras::cpu {}  // namespace keras::cpu
