#pragma once
// CPU implementation of RandomKernels.

#include "libkeras/backend/random_kernels.h"

namespace keras::cpu {

class CpuRandomKernels final : public RandomKernels {
 public:
};

}  // namespace keras::cpu
