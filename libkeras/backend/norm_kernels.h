#pragma once
// Backend kernels for fused normalization (batch, layer, group) forward and backward.
// Same contracts as backend.h: contiguous float32 tensors on the backend's device, preallocated
// outputs that do not alias inputs. Statistics are accumulated in double.
//
// Batch normalization sees x as (outer, channels, inner): the statistics of channel c run over
// the outer and inner axes (Keras' reduction over every axis but `axis`). Layer normalization
// sees x as (rows, cols): each row is normalized over its cols.

#include "libkeras/tensor/tensor.h"

namespace keras {

class NormKernels {
 public:
  virtual ~NormKernels() = default;

  /// requires: x (outer, channels, inner); mean, variance (channels).
  /// ensures: mean[c], variance[c] = mean and biased variance of channel c (two-pass).
  virtual void channel_moments(const Tensor& x, Tensor& mean, Tensor& variance) = 0;

  /// requires: x (outer, channels, inner); mean, variance, inv_std (channels); scale, offset
  /// (channels) or undefined (1 and 0).
  /// ensures: inv_std = 1 / sqrt(variance + epsilon);
  ///          y = (x - mean) * inv_std * scale + offset, y of x's shape.
  virtual void batch_norm_forward(const Tensor& x, const Tensor& mean, const Tensor& variance, const Tensor& scale,
                                  const Tensor& offset, float epsilon, Tensor& y, Tensor& inv_std) = 0;

  /// Gradients of batch_norm_forward given dy (x's shape). With `batch_stats`, mean and variance
  /// are x's own channel_moments, and dx includes their dependence on x; otherwise they are
  /// independent inputs. Any output may be undefined (not needed); defined ones are overwritten:
  /// dx (x's shape), dscale, doffset, dmean, dvariance (channels). `scale` may be undefined.
  virtual void batch_norm_backward(const Tensor& x, const Tensor& mean, const Tensor& inv_std, const Tensor& scale,
                                   const Tensor& dy, bool batch_stats, Tensor& dx, Tensor& dscale, Tensor& doffset,
                                   Tensor& dmean, Tensor& dvariance) = 0;

  /// requires: x (rows, cols); gamma, beta (cols) or undefined; mean, inv_std (rows).
  /// ensures: mean[r], inv_std[r] = 1 / sqrt(var[r] + epsilon) of row r (biased variance);
  ///   y = (x - mean) * inv_std * gamma + beta, or with `rms_scaling` y = x * inv_std * gamma
  ///   (Keras 3 keeps the centred variance in its rms_scaling path and does not subtract the mean).
  virtual void layer_norm_forward(const Tensor& x, const Tensor& gamma, const Tensor& beta, float epsilon,
                                  bool rms_scaling, Tensor& y, Tensor& mean, Tensor& inv_std) = 0;

  /// Gradients of layer_norm_forward given dy (rows, cols) and the saved mean and inv_std. Any of
  /// dx (rows, cols), dgamma, dbeta (cols) may be undefined; defined ones are overwritten.
  virtual void layer_norm_backward(const Tensor& x, const Tensor& gamma, const Tensor& mean, const Tensor& inv_std,
                                   const Tensor& dy, bool rms_scaling, Tensor& dx, Tensor& dgamma, Tensor& dbeta) = 0;
};

}  // namespace keras
