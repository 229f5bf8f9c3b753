#pragma once
// Backend kernels for N-dimensional, grouped, depthwise and transposed convolution; 1-D/3-D and global pooling;
// resampling. Same contracts as backend.h: contiguous tensors on the backend's device, preallocated outputs.
//
// Every kernel works on three spatial axes, channels_last: x (N, D, H, W, C). Lower-rank ops
// (1-D, 2-D) pass size-1 leading spatial axes, which costs nothing in these loops.

#include <array>
#include <cstdint>

#include "libkeras/tensor/tensor.h"

namespace keras {

enum class PoolMode;  // backend.h

/// Window geometry over (depth, height, width). Padding is explicit (before each axis); the
/// padding after follows from the output size. `out` is the output's spatial shape.
struct Window3D {
  std::array<int, 3> kernel{1, 1, 1};
  std::array<int, 3> stride{1, 1, 1};
  std::array<int, 3> dilation{1, 1, 1};
  std::array<int, 3> pad_before{0, 0, 0};
  std::array<std::int64_t, 3> out{1, 1, 1};
};

class ConvKernels {
 public:
  virtual ~ConvKernels() = default;

  /// Grouped convolution: y = conv(x, kernel) + bias.
  /// requires: x (N,D,H,W,C), kernel (KD,KH,KW,C/groups,F), bias (F) or undefined,
  ///           y (N,OD,OH,OW,F); C and F divisible by groups.
  /// ensures: input channels [g*C/groups, (g+1)*C/groups) feed filters [g*F/groups, (g+1)*F/groups).
  virtual void conv3d(const Tensor& x, const Tensor& kernel, const Tensor& bias, Tensor& y, const Window3D& w,
                      int groups) = 0;
  /// dx = d sum(conv3d(x, kernel) * dy) / dx, overwritten; dx's shape is x's. This is also the
  /// forward pass of the transposed convolution (dy is then its input).
  virtual void conv3d_backward_input(const Tensor& dy, const Tensor& kernel, Tensor& dx, const Window3D& w,
                                     int groups) = 0;
  /// dkernel = d sum(conv3d(x, kernel) * dy) / dkernel, overwritten.
  virtual void conv3d_backward_kernel(const Tensor& x, const Tensor& dy, Tensor& dkernel, const Window3D& w,
                                      int groups) = 0;

  /// Depthwise convolution: y[..., c*M + m] = sum over the window of x[..., c] * kernel[..., c, m] + bias.
  /// requires: x (N,D,H,W,C), kernel (KD,KH,KW,C,M), bias (C*M) or undefined, y (N,OD,OH,OW,C*M).
  virtual void depthwise_conv3d(const Tensor& x, const Tensor& kernel, const Tensor& bias, Tensor& y,
                                const Window3D& w) = 0;
  /// Either of dx, dkernel may be undefined (not needed); outputs are overwritten.
  virtual void depthwise_conv3d_backward(const Tensor& x, const Tensor& kernel, const Tensor& dy, Tensor& dx,
                                         Tensor& dkernel, const Window3D& w) = 0;

  /// Pooling over (N,D,H,W,C): windows clipped to the input, so padding never wins a maximum and
  /// averages count in-bounds elements only. For max pooling `argmax` (int32, y's shape)
  /// receives the flat offset within the sample of each chosen input.
  virtual void pool3d(PoolMode mode, const Tensor& x, Tensor& y, Tensor& argmax, const Window3D& w) = 0;
  /// dx is overwritten.
  virtual void pool3d_backward(PoolMode mode, const Tensor& dy, const Tensor& argmax, Tensor& dx,
                               const Window3D& w) = 0;

  /// Bilinear resize of (N,H,W,C) to y (N,OH,OW,C) with half-pixel centres, sampling positions
  /// clamped to the image (tf.image.resize / jax.image.resize without antialiasing).
  virtual void resize_bilinear(const Tensor& x, Tensor& y) = 0;
  /// dx (the input's shape) is overwritten.
  virtual void resize_bilinear_backward(const Tensor& dy, Tensor& dx) = 0;
};

}  // namespace keras
