#pragma once
// CPU implementation of NormKernels: OpenMP over rows; per-channel sums are accumulated in
// double over a fixed split of the rows (fixed by the shape, not the thread count), so results
// do not depend on how many threads run.

#include "libkeras/backend/norm_kernels.h"

namespace keras::cpu {

class CpuNormKernels final : public NormKernels {
 public:
  void channel_moments(const Tensor& x, Tensor& mean, Tensor& variance) override;
  void batch_norm_forward(const Tensor& x, const Tensor& mean, const Tensor& variance, const Tensor& scale,
                          const Tensor& offset, float epsilon, Tensor& y, Tensor& inv_std) override;
  void batch_norm_backward(const Tensor& x, const Tensor& mean, const Tensor& inv_std, const Tensor& scale,
                           const Tensor& dy, bool batch_stats, Tensor& dx, Tensor& dscale, Tensor& doffset,
                           Tensor& dmean, Tensor& dvariance) override;
  void layer_norm_forward(const Tensor& x, const Tensor& gamma, const Tensor& beta, float epsilon, bool rms_scaling,
                          Tensor& y, Tensor& mean, Tensor& inv_std) override;
  void layer_norm_backward(const Tensor& x, const Tensor& gamma, const Tensor& mean, const Tensor& inv_std,
                           const Tensor& dy, bool rms_scaling, Tensor& dx, Tensor& dgamma, Tensor& dbeta) override;
};

}  // namespace keras::cpu
