#pragma once
// The CPU backend: OpenBLAS for matrix products (and convolution through im2col), OpenMP
// loops with run-time ISA dispatch for everything else. One method family per .cpp file.

#include "libkeras/backend/backend.h"
#include "libkeras/backend/cpu/cpu_conv_kernels.h"
#include "libkeras/backend/cpu/cpu_norm_kernels.h"
#include "libkeras/backend/cpu/cpu_random_kernels.h"
#include "libkeras/backend/cpu/cpu_recurrent_kernels.h"

namespace keras::cpu {

class CpuBackend final : public Backend {
 public:
  CpuBackend();
  std::string name() const override { return "cpu"; }

  void* allocate(std::size_t bytes) override;
  void deallocate(void* ptr, std::size_t bytes) noexcept override;
  void copy_host(void* device_ptr, void* host_ptr, std::size_t bytes, bool to_device) override;

  void fill(Tensor& dst, double value) override;
  void cast(const Tensor& src, Tensor& dst) override;
  void take_rows(const Tensor& x, const Tensor& indices, Tensor& out) override;
  void scatter_add_rows(const Tensor& src, const Tensor& indices, Tensor& out) override;
  void copy_strided(const Tensor& src, std::int64_t src_offset, const std::vector<std::int64_t>& src_strides,
                    Tensor& dst, std::int64_t dst_offset, const std::vector<std::int64_t>& dst_strides,
                    const Shape& shape) override;

  void unary(UnaryOp op, const Tensor& x, Tensor& y, UnaryParams params) override;
  void unary_backward(UnaryOp op, const Tensor& x, const Tensor& y, const Tensor& dy, Tensor& dx,
                      UnaryParams params) override;
  void binary(BinaryOp op, const Tensor& a, const Tensor& b, Tensor& out) override;
  void binary_backward(BinaryOp op, int which_input, const Tensor& a, const Tensor& b, const Tensor& dout,
                       Tensor& grad) override;
  void reduce(ReduceOp op, const Tensor& x, const std::vector<int>& axes, Tensor& out) override;
  void broadcast_to(const Tensor& x, Tensor& out) override;

  void matmul(const Tensor& a, bool transpose_a, const Tensor& b, bool transpose_b, Tensor& c, float alpha,
              float beta) override;
  void batch_matmul(const Tensor& a, bool transpose_a, const Tensor& b, bool transpose_b, Tensor& c) override;
  void conv2d(const Tensor& x, const Tensor& kernel, const Tensor& bias, Tensor& y, const Window2D& w) override;
  void conv2d_backward(const Tensor& x, const Tensor& kernel, const Tensor& dy, Tensor& dx, Tensor& dkernel,
                       Tensor& dbias, const Window2D& w) override;
  void pool2d(PoolMode mode, const Tensor& x, Tensor& y, Tensor& argmax, const Window2D& w) override;
  void pool2d_backward(PoolMode mode, const Tensor& dy, const Tensor& argmax, Tensor& dx,
                       const Window2D& w) override;
  void softmax(const Tensor& x, Tensor& y, int axis, bool log) override;
  void softmax_backward(const Tensor& y, const Tensor& dy, Tensor& dx, int axis, bool log) override;
  void dropout_mask(Tensor& mask, float rate, std::uint64_t seed) override;
  void argmax(const Tensor& x, int axis, Tensor& out) override;
  void one_hot(const Tensor& labels, Tensor& out) override;

  void adam_update(Tensor& var, const Tensor& grad, Tensor& m, Tensor& v, Tensor& v_hat,
                   const AdamStep& step) override;
  void sgd_update(Tensor& var, const Tensor& grad, Tensor& m, float learning_rate, float momentum,
                  bool nesterov) override;
  void rmsprop_update(Tensor& var, const Tensor& grad, Tensor& velocity, Tensor& momentum, Tensor& average_grad,
                      const RMSpropStep& step) override;
  double sum_squares(const Tensor& x) override;

  ConvKernels& conv() override { return conv_; }
  RandomKernels& random() override { return random_; }
  NormKernels& norm() override { return norm_; }
  RecurrentKernels& recurrent() override { return recurrent_; }

 private:
  CpuConvKernels conv_;
  CpuRandomKernels random_;
  CpuNormKernels norm_;
  CpuRecurrentKernels recurrent_;
};

/// Single-threaded row-major sgemm on raw pointers: C = alpha*op(A)op(B) + beta*C.
void sgemm(bool transpose_a, bool transpose_b, int m, int n, int k, float alpha, const float* a, int lda,
           const float* b, int ldb, float beta, float* c, int ldc);

/// Splits an axis-reduction problem: [outer, length, inner] around `axis` of `shape`.
struct AxisSplit {
  std::int64_t outer = 1, length = 1, inner = 1;
};
AxisSplit split_at_axis(const Shape& shape, int axis);

}  // namespace keras::cpu
