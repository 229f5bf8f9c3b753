#include "libkeras/backend/cpu/cpu_conv_kernels.h"

namespace keras::cpu {}  // namespace keras::cpu
