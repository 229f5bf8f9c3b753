#include "libkeras/backend/cpu/cpu_recurrent_kernels.h"

namespace keras::cpu {}  // namespace keras::cpu
