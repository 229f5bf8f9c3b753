#pragma once
// CPU implementation of ConvKernels. One method family per .cpp file:
//   cpu_conv_kernels.cpp      grouped convolution (im2col + sgemm) and its two gradients;
//   cpu_depthwise_kernels.cpp depthwise convolution (direct loops, vectorised along channels);
//   cpu_pool3d_kernels.cpp    3-D max and average pooling;
//   cpu_resize_kernels.cpp    bilinear resizing.

#include "libkeras/backend/conv_kernels.h"

namespace keras::cpu {

class CpuConvKernels final : public ConvKernels {
 public:
  void conv3d(const Tensor& x, const Tensor& kernel, const Tensor& bias, Tensor& y, const Window3D& w,
              int groups) override;
  void conv3d_backward_input(const Tensor& dy, const Tensor& kernel, Tensor& dx, const Window3D& w,
                             int groups) override;
  void conv3d_backward_kernel(const Tensor& x, const Tensor& dy, Tensor& dkernel, const Window3D& w,
                              int groups) override;

  void depthwise_conv3d(const Tensor& x, const Tensor& kernel, const Tensor& bias, Tensor& y,
                        const Window3D& w) override;
  void depthwise_conv3d_backward(const Tensor& x, const Tensor& kernel, const Tensor& dy, Tensor& dx, Tensor& dkernel,
                                 const Window3D& w) override;

  void pool3d(PoolMode mode, const Tensor& x, Tensor& y, Tensor& argmax, const Window3D& w) override;
  void pool3d_backward(PoolMode mode, const Tensor& dy, const Tensor& argmax, Tensor& dx, const Window3D& w) override;

  void resize_bilinear(const Tensor& x, Tensor& y) override;
  void resize_bilinear_backward(const Tensor& dy, Tensor& dx) override;
};

}  // namespace keras::cpu
