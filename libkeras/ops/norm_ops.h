#pragma once
// keras::ops for fused normalization (batch, layer, group) forward and backward. Included by libkeras/ops/ops.h.
// Each op is one fused kernel forward and one backward (libkeras/backend/norm_kernels.h).

#include <vector>

#include "libkeras/tensor/tensor.h"

namespace keras::ops {

/// keras.ops.batch_normalization: (x - mean) / sqrt(variance + epsilon) * scale + offset, the
/// vectors (x.dim(axis),) broadcast along `axis`. `offset` and `scale` may be undefined (0 and 1).
/// Differentiable in x, mean, variance, offset and scale.
Tensor batch_normalization(const Tensor& x, const Tensor& mean, const Tensor& variance, int axis,
                           const Tensor& offset = {}, const Tensor& scale = {}, float epsilon = 1e-3f);

/// The result of batch_normalization_training: the normalized outputs and the batch statistics.
struct BatchNormOutputs {
  Tensor outputs;
  Tensor mean;      ///< (x.dim(axis),), not differentiable
  Tensor variance;  ///< biased, (x.dim(axis),), not differentiable
};

/// BatchNormalization in training: normalizes x with its own mean and biased variance over every
/// axis but `axis`. Differentiable in x (through the statistics too), offset and scale; the
/// returned statistics are plain values for the moving averages.
BatchNormOutputs batch_normalization_training(const Tensor& x, int axis, const Tensor& offset = {},
                                              const Tensor& scale = {}, float epsilon = 1e-3f);

/// keras.ops.layer_normalization: normalizes x over `axes` (each sample separately), then
/// multiplies by gamma and adds beta, both shaped as x's dimensions at the sorted axes (or
/// undefined). With rms_scaling, Keras 3's formula x * rsqrt(var(x) + epsilon) * gamma (beta
/// unused). Differentiable in x, gamma and beta. keras.ops' default epsilon is 1e-7.
Tensor layer_normalization(const Tensor& x, const Tensor& gamma = {}, const Tensor& beta = {},
                           std::vector<int> axes = {-1}, float epsilon = 1e-7f, bool rms_scaling = false);

}  // namespace keras::ops
