#pragma once
// CPU implementation of RecurrentKernels.

#include "libkeras/backend/recurrent_kernels.h"

namespace keras::cpu {

class CpuRecurrentKernels final : public RecurrentKernels {
 public:
};

}  // namespace keras::cpu
