#pragma once
// CPU implementation of RandomKernels: OpenMP loops over a counter-based generator.

#include "libkeras/backend/random_kernels.h"

namespace keras::cpu {

class CpuRandomKernels final : public RandomKernels {
 public:
  void normal(Tensor& out, float mean, float stddev, std::uint64_t seed) override;
  void uniform(Tensor& out, float minval, float maxval, std::uint64_t seed) override;
};

}  // namespace keras::cpu
