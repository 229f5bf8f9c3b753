#pragma once
// The device interface. ops:: validates shapes, allocates outputs on the inputs' device and
// calls one of these methods; each device (CPU always, CUDA when built) implements all of them.
// Contracts: every tensor argument is contiguous (row-major) and lives on this backend's device;
// outputs are preallocated with the documented shape and may not alias inputs unless stated.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "libkeras/backend/conv_kernels.h"
#include "libkeras/backend/norm_kernels.h"
#include "libkeras/backend/random_kernels.h"
#include "libkeras/backend/recurrent_kernels.h"
#include "libkeras/tensor/tensor.h"

namespace keras {

enum class UnaryOp {
  neg, abs, square, sqrt, exp, log, sign, clip,
  relu, relu6, leaky_relu, elu, selu, sigmoid, hard_sigmoid, tanh,
  softplus, softsign, silu, gelu, gelu_tanh, exponential,
};

/// Scalars of parametrised unary ops: clip -> [a, b]; leaky_relu -> slope a; elu -> alpha a.
struct UnaryParams {
  float a = 0.0f;
  float b = 0.0f;
};

enum class BinaryOp { add, sub, mul, div, maximum, minimum, pow, equal, greater, less };

enum class ReduceOp { sum, max };

enum class PoolMode { max, average };

/// 2-D window geometry shared by convolution and pooling, NHWC. Padding is explicit
/// (top/left); bottom/right follow from the output size.
struct Window2D {
  int kernel_h = 1, kernel_w = 1;
  int stride_h = 1, stride_w = 1;
  int dilation_h = 1, dilation_w = 1;
  int pad_top = 0, pad_left = 0;
  int out_h = 0, out_w = 0;
};

/// Hyper-parameters of one fused Adam/AdamW step (Keras 3 formula, "epsilon hat" form).
/// The (1 - beta) factors are computed in double and rounded once, as Keras multiplies float32
/// tensors by the Python float 1 - beta.
struct AdamStep {
  float learning_rate, one_minus_beta_1, one_minus_beta_2, epsilon;
  float alpha;  // lr * sqrt(1 - beta_2^t) / (1 - beta_1^t)
  bool amsgrad;
};

struct RMSpropStep {
  float learning_rate, rho, one_minus_rho, momentum, epsilon;
  bool centered;
};

class Backend {
 public:
  virtual ~Backend() = default;
  virtual std::string name() const = 0;

  // Memory. Pointers returned by allocate() are 64-byte aligned.
  virtual void* allocate(std::size_t bytes) = 0;
  virtual void deallocate(void* ptr, std::size_t bytes) noexcept = 0;
  /// Copies raw bytes between host memory and this device (`to_device` selects the direction).
  virtual void copy_host(void* device_ptr, void* host_ptr, std::size_t bytes, bool to_device) = 0;

  // Data movement. cast: dst = src converted to dst.dtype() (same shape; a plain copy when equal).
  virtual void fill(Tensor& dst, double value) = 0;
  virtual void cast(const Tensor& src, Tensor& dst) = 0;
  /// out[i, ...] = x[indices[i], ...]; indices int64 in [0, x.dim(0)).
  virtual void take_rows(const Tensor& x, const Tensor& indices, Tensor& out) = 0;
  /// out[indices[i], ...] += src[i, ...] (the gradient of take_rows); out is not cleared first.
  virtual void scatter_add_rows(const Tensor& src, const Tensor& indices, Tensor& out) = 0;
  /// For every index i of `shape`: dst[dst_offset + sum_k i_k * dst_strides_k] =
  /// src[src_offset + sum_k i_k * src_strides_k]. Offsets and strides count elements; source
  /// strides may be 0 or negative. Any dtype (src and dst equal). The one primitive behind
  /// transpose, slicing, concatenation, padding and reversal.
  virtual void copy_strided(const Tensor& src, std::int64_t src_offset, const std::vector<std::int64_t>& src_strides,
                            Tensor& dst, std::int64_t dst_offset, const std::vector<std::int64_t>& dst_strides,
                            const Shape& shape) = 0;

  // Elementwise, float32. binary() broadcasts a and b to out.shape() (numpy rules).
  virtual void unary(UnaryOp op, const Tensor& x, Tensor& y, UnaryParams params) = 0;
  /// dx = dy * f'(x); x and y = f(x) are both supplied so either can be used.
  virtual void unary_backward(UnaryOp op, const Tensor& x, const Tensor& y, const Tensor& dy, Tensor& dx,
                              UnaryParams params) = 0;
  virtual void binary(BinaryOp op, const Tensor& a, const Tensor& b, Tensor& out) = 0;
  /// Gradient of binary(op) with respect to a (which_input 0) or b (1), already summed to
  /// that input's shape: grad has the input's shape, dout has out's shape.
  virtual void binary_backward(BinaryOp op, int which_input, const Tensor& a, const Tensor& b, const Tensor& dout,
                               Tensor& grad) = 0;

  /// Reduces x over `axes` (sorted, unique) into out, whose shape is x's with those axes set to 1.
  virtual void reduce(ReduceOp op, const Tensor& x, const std::vector<int>& axes, Tensor& out) = 0;
  /// out = x broadcast to out.shape() (x's rank equals out's, dims of 1 repeat).
  virtual void broadcast_to(const Tensor& x, Tensor& out) = 0;

  /// c = alpha * op(a) * op(b) + beta * c for 2-D float32 matrices.
  virtual void matmul(const Tensor& a, bool transpose_a, const Tensor& b, bool transpose_b, Tensor& c, float alpha,
                      float beta) = 0;
  /// c[i] = op(a[i]) * op(b[i]) for rank-3 tensors (batch, rows, cols).
  virtual void batch_matmul(const Tensor& a, bool transpose_a, const Tensor& b, bool transpose_b, Tensor& c) = 0;

  /// y = conv(x, kernel) + bias. x (N,H,W,C), kernel (KH,KW,C,F), bias (F) or undefined, y (N,OH,OW,F).
  virtual void conv2d(const Tensor& x, const Tensor& kernel, const Tensor& bias, Tensor& y, const Window2D& w) = 0;
  /// Any of dx, dkernel, dbias may be undefined (not needed). Outputs are overwritten.
  virtual void conv2d_backward(const Tensor& x, const Tensor& kernel, const Tensor& dy, Tensor& dx, Tensor& dkernel,
                               Tensor& dbias, const Window2D& w) = 0;

  /// Pooling over (N,H,W,C). For max pooling `argmax` (int32, y's shape) receives the flat
  /// offset within the sample of each chosen input; average pooling excludes padding.
  virtual void pool2d(PoolMode mode, const Tensor& x, Tensor& y, Tensor& argmax, const Window2D& w) = 0;
  /// dx is overwritten.
  virtual void pool2d_backward(PoolMode mode, const Tensor& dy, const Tensor& argmax, Tensor& dx,
                               const Window2D& w) = 0;

  /// Softmax (or log-softmax) along `axis`; y may not alias x.
  virtual void softmax(const Tensor& x, Tensor& y, int axis, bool log) = 0;
  virtual void softmax_backward(const Tensor& y, const Tensor& dy, Tensor& dx, int axis, bool log) = 0;

  /// mask[i] = 0 with probability `rate`, else 1 / (1 - rate); deterministic in (seed, i).
  virtual void dropout_mask(Tensor& mask, float rate, std::uint64_t seed) = 0;

  /// out (int64, x's shape without `axis`) = index of the first maximum along axis.
  virtual void argmax(const Tensor& x, int axis, Tensor& out) = 0;
  /// out (float32, labels' shape + (depth,)) = one-hot rows; labels of any integer or float dtype.
  /// An out-of-range label throws ValueError naming it.
  virtual void one_hot(const Tensor& labels, Tensor& out) = 0;

  // Fused optimizer updates (in place on var and slots).
  virtual void adam_update(Tensor& var, const Tensor& grad, Tensor& m, Tensor& v, Tensor& v_hat,
                           const AdamStep& step) = 0;
  /// momentum == 0: var -= lr * g; else m = momentum*m - lr*g, var += m (nesterov: momentum*m - lr*g).
  virtual void sgd_update(Tensor& var, const Tensor& grad, Tensor& m, float learning_rate, float momentum,
                          bool nesterov) = 0;
  virtual void rmsprop_update(Tensor& var, const Tensor& grad, Tensor& velocity, Tensor& momentum,
                              Tensor& average_grad, const RMSpropStep& step) = 0;
  /// Sum of squares of all elements, in double.
  virtual double sum_squares(const Tensor& x) = 0;

  // Kernel families, each its own interface (libkeras/backend/<family>_kernels.h).
  virtual ConvKernels& conv() = 0;
  virtual RandomKernels& random() = 0;
  virtual NormKernels& norm() = 0;
  virtual RecurrentKernels& recurrent() = 0;
};

/// The backend owning `device`'s memory; throws BackendError if this build has none.
Backend& backend_for(Device device);

/// Copies src into dst (same shape and dtype) across devices.
void transfer(const Tensor& src, Tensor& dst);

}  // namespace keras
