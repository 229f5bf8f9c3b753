#pragma once
// CPU implementation of NormKernels.

#include "libkeras/backend/norm_kernels.h"

namespace keras::cpu {

class CpuNormKernels final : public NormKernels {
 public:
};

}  // namespace keras::cpu
