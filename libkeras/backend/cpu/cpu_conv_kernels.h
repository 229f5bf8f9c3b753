#pragma once
// CPU implementation of ConvKernels.

#include "libkeras/backend/conv_kernels.h"

namespace keras::cpu {

class CpuConvKernels final : public ConvKernels {
 public:
};

}  // namespace keras::cpu
