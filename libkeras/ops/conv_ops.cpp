// Convolution of any rank with groups, transposed, depthwise and separable convolution.
// Ungrouped 1-D and 2-D convolutions run on ops::conv2d (its im2col kernel is the fastest path);
// everything else on the three-axis kernels of ConvKernels, lower ranks as size-1 axes.

#include "libkeras/ops/conv_ops.h"

#include "libkeras/ops/conv_window.h"
#include "libkeras/ops/op_support.h"

namespace keras::ops {

using detail::as_3d;
using detail::as_float;
using detail::backend_of;

namespace {

std::vector<int> ones(int n) { return std::vector<int>(static_cast<std::size_t>(n), 1); }

std::vector<int> kernel_window(const Tensor& kernel, int spatial) {
  std::vector<int> k;
  for (int i = 0; i < spatial; ++i) k.push_back(static_cast<int>(kernel.dim(i)));
  return k;
}

void check_bias(const Tensor& bias, std::int64_t channels, const char* op) {
  if (bias.defined() && (bias.rank() != 1 || bias.dim(0) != channels)) {
    throw ShapeError(std::string(op) + ": bias of shape " + bias.shape().to_string() + " does not match " +
                     std::to_string(channels) + " output channels");
  }
}

// Input, kernel and bias gradients of grouped_conv() for the output gradient dy.
std::vector<Tensor> grouped_conv_grads(const Tensor& x, const Tensor& kernel, const Tensor& bias, const Window3D& w,
                                       int groups, const Tensor& dy, const std::vector<bool>& needs) {
  ConvKernels& k = backend_of(x).conv();
  Tensor dy5 = dy.reshape(as_3d(dy.shape())), k5 = kernel.reshape(as_3d(kernel.shape()));
  std::vector<Tensor> grads(needs.size());
  if (needs[0]) {
    grads[0] = detail::empty_like(x);
    Tensor dx5 = grads[0].reshape(as_3d(x.shape()));
    k.conv3d_backward_input(dy5, k5, dx5, w, groups);
  }
  if (needs[1]) {
    grads[1] = detail::empty_like(kernel);
    Tensor dk5 = grads[1].reshape(k5.shape());
    k.conv3d_backward_kernel(x.reshape(as_3d(x.shape())), dy5, dk5, w, groups);
  }
  if (bias.defined() && needs[2]) grads[2] = detail::bias_gradient(dy);
  return grads;
}

// conv() when ConvKernels runs it (grouped, or three spatial axes).
Tensor grouped_conv(const Tensor& x, const Tensor& kernel, const Tensor& bias, const Window3D& w, int spatial,
                    int groups) {
  Tensor y(detail::window_output_shape(x.dim(0), w, spatial, kernel.dim(-1)), float32, x.device());
  Tensor y5 = y.reshape(as_3d(y.shape()));
  backend_of(x).conv().conv3d(x.reshape(as_3d(x.shape())), kernel.reshape(as_3d(kernel.shape())), bias, y5, w, groups);
  std::vector<Tensor> inputs{x, kernel};
  if (bias.defined()) inputs.push_back(bias);
  if (autograd::should_record(inputs)) {
    autograd::record(inputs, y, [x, kernel, bias, w, groups](const std::vector<Tensor>& g, const std::vector<bool>& n) {
      return grouped_conv_grads(x, kernel, bias, w, groups, g[0], n);
    });
  }
  return y;
}

}  // namespace

Tensor conv(const Tensor& x_in, const Tensor& kernel_in, const Tensor& bias_in, const std::vector<int>& strides,
            Padding padding, const std::vector<int>& dilation_rate, int groups) {
  detail::check_same_device(x_in, kernel_in, "conv");
  Tensor x = as_float(x_in), kernel = as_float(kernel_in);
  Tensor bias = bias_in.defined() ? as_float(bias_in) : Tensor();
  const int r = detail::spatial_rank(x, "conv");
  if (groups <= 0) {
    throw ValueError("conv: groups must be a positive integer, received groups=" + std::to_string(groups));
  }
  const std::int64_t c = x.dim(-1);
  if (kernel.rank() != r + 2 || kernel.dim(-2) * groups != c || kernel.dim(-1) % groups != 0) {
    throw ShapeError("conv: kernel of shape " + kernel.shape().to_string() + " does not fit an input of shape " +
                     x.shape().to_string() + " with groups=" + std::to_string(groups) + " (expected (*kernel_size, " +
                     std::to_string(c / groups) + ", filters) with filters divisible by groups)");
  }
  check_bias(bias, kernel.dim(-1), "conv");
  Window3D w = detail::make_window3d(x.shape(), kernel_window(kernel, r), strides, padding, dilation_rate, "conv");
  if (groups == 1 && r == 2) {
    return conv2d(x, kernel, bias, {strides[0], strides[1]}, padding, {dilation_rate[0], dilation_rate[1]});
  }
  if (groups == 1 && r == 1) {
    Tensor y =
        conv2d(reshape(x, Shape{x.dim(0), 1, x.dim(1), c}), reshape(kernel, Shape{1, kernel.dim(0), c, kernel.dim(2)}),
               bias, {1, strides[0]}, padding, {1, dilation_rate[0]});
    return reshape(y, Shape{x.dim(0), y.dim(2), y.dim(3)});
  }
  return grouped_conv(x, kernel, bias, w, r, groups);
}

std::int64_t conv_transpose_output_length(std::int64_t input_length, int kernel, Padding padding, int stride,
                                          int dilation, std::optional<int> output_padding) {
  const std::int64_t span = static_cast<std::int64_t>(kernel - 1) * dilation + 1;
  if (padding == Padding::valid) {
    const std::int64_t extra = output_padding ? *output_padding : std::max<std::int64_t>(span, stride) - span;
    return (input_length - 1) * stride + span + extra;
  }
  if (!output_padding) return input_length * stride;
  return (input_length - 1) * stride + span % 2 + *output_padding;
}

Tensor conv_transpose(const Tensor& x_in, const Tensor& kernel_in, const Tensor& bias_in,
                      const std::vector<int>& strides, Padding padding, const std::vector<int>& output_padding,
                      const std::vector<int>& dilation_rate) {
  detail::check_same_device(x_in, kernel_in, "conv_transpose");
  Tensor x = as_float(x_in), kernel = as_float(kernel_in);
  Tensor bias = bias_in.defined() ? as_float(bias_in) : Tensor();
  const int r = detail::spatial_rank(x, "conv_transpose");
  if (kernel.rank() != r + 2 || kernel.dim(-1) != x.dim(-1)) {
    throw ShapeError("conv_transpose: kernel of shape " + kernel.shape().to_string() +
                     " does not fit an input of shape " + x.shape().to_string() +
                     " (expected (*kernel_size, filters, " + std::to_string(x.dim(-1)) + "))");
  }
  const std::int64_t filters = kernel.dim(-2);
  check_bias(bias, filters, "conv_transpose");
  const std::vector<int> k = kernel_window(kernel, r);
  detail::check_window_arg(k, r, "kernel_size", "conv_transpose");
  detail::check_window_arg(strides, r, "strides", "conv_transpose");
  detail::check_window_arg(dilation_rate, r, "dilation_rate", "conv_transpose");
  if (!output_padding.empty() && static_cast<int>(output_padding.size()) != r) {
    throw ValueError("conv_transpose: `output_padding` must hold " + std::to_string(r) + " integers or be None");
  }
  // The transposed convolution is the input gradient of the convolution that maps an output-
  // sized tensor (filters channels) back onto x: w is that convolution's window.
  Window3D w;
  std::vector<std::int64_t> out_dims{x.dim(0)};
  for (int i = 0; i < r; ++i) {
    const auto u = static_cast<std::size_t>(i), a = static_cast<std::size_t>(3 - r + i);
    std::optional<int> op;
    if (!output_padding.empty()) op = output_padding[u];
    if (op && *op < 0) throw ValueError("conv_transpose: `output_padding` must be non-negative");
    const std::int64_t len = x.dim(i + 1);
    const std::int64_t out = conv_transpose_output_length(len, k[u], padding, strides[u], dilation_rate[u], op);
    if (out <= 0) {
      throw ShapeError("conv_transpose: the output length would be " + std::to_string(out) + " for input shape " +
                       x.shape().to_string());
    }
    out_dims.push_back(out);
    w.kernel[a] = k[u];
    w.stride[a] = strides[u];
    w.dilation[a] = dilation_rate[u];
    w.out[a] = len;
    if (padding == Padding::same) {
      const std::int64_t span = static_cast<std::int64_t>(k[u] - 1) * dilation_rate[u] + 1;
      w.pad_before[a] = static_cast<int>(std::max<std::int64_t>(0, (len - 1) * strides[u] + span - out) / 2);
    }
  }
  out_dims.push_back(filters);
  Tensor y(Shape(out_dims), float32, x.device());
  Tensor y5 = y.reshape(as_3d(y.shape()));
  backend_of(x).conv().conv3d_backward_input(x.reshape(as_3d(x.shape())), kernel.reshape(as_3d(kernel.shape())), y5, w,
                                             1);
  if (autograd::should_record({x, kernel})) {
    autograd::record({x, kernel}, y, [x, kernel, w](const std::vector<Tensor>& g, const std::vector<bool>& needs) {
      ConvKernels& kk = backend_of(x).conv();
      Tensor dy5 = g[0].reshape(as_3d(g[0].shape())), k5 = kernel.reshape(as_3d(kernel.shape()));
      std::vector<Tensor> grads(2);
      if (needs[0]) {
        grads[0] = detail::empty_like(x);
        Tensor dx5 = grads[0].reshape(as_3d(x.shape()));
        kk.conv3d(dy5, k5, Tensor(), dx5, w, 1);
      }
      if (needs[1]) {
        grads[1] = detail::empty_like(kernel);
        Tensor dk5 = grads[1].reshape(k5.shape());
        kk.conv3d_backward_kernel(dy5, x.reshape(as_3d(x.shape())), dk5, w, 1);
      }
      return grads;
    });
  }
  return bias.defined() ? add(y, bias) : y;
}

Tensor depthwise_conv(const Tensor& x_in, const Tensor& kernel_in, const Tensor& bias_in,
                      const std::vector<int>& strides, Padding padding, const std::vector<int>& dilation_rate) {
  detail::check_same_device(x_in, kernel_in, "depthwise_conv");
  Tensor x = as_float(x_in), kernel = as_float(kernel_in);
  Tensor bias = bias_in.defined() ? as_float(bias_in) : Tensor();
  const int r = detail::spatial_rank(x, "depthwise_conv");
  if (kernel.rank() != r + 2 || kernel.dim(-2) != x.dim(-1)) {
    throw ShapeError("depthwise_conv: kernel of shape " + kernel.shape().to_string() +
                     " does not fit an input of shape " + x.shape().to_string() + " (expected (*kernel_size, " +
                     std::to_string(x.dim(-1)) + ", depth_multiplier))");
  }
  const std::int64_t channels = x.dim(-1) * kernel.dim(-1);
  check_bias(bias, channels, "depthwise_conv");
  Window3D w =
      detail::make_window3d(x.shape(), kernel_window(kernel, r), strides, padding, dilation_rate, "depthwise_conv");
  Tensor y(detail::window_output_shape(x.dim(0), w, r, channels), float32, x.device());
  Tensor y5 = y.reshape(as_3d(y.shape()));
  backend_of(x).conv().depthwise_conv3d(x.reshape(as_3d(x.shape())), kernel.reshape(as_3d(kernel.shape())), bias, y5,
                                        w);
  std::vector<Tensor> inputs{x, kernel};
  if (bias.defined()) inputs.push_back(bias);
  if (autograd::should_record(inputs)) {
    autograd::record(inputs, y, [x, kernel, bias, w](const std::vector<Tensor>& g, const std::vector<bool>& needs) {
      std::vector<Tensor> grads(needs.size());
      if (needs[0]) grads[0] = detail::empty_like(x);
      if (needs[1]) grads[1] = detail::empty_like(kernel);
      Tensor dx5 = needs[0] ? grads[0].reshape(as_3d(x.shape())) : Tensor();
      Tensor dk5 = needs[1] ? grads[1].reshape(as_3d(kernel.shape())) : Tensor();
      if (needs[0] || needs[1]) {
        backend_of(x).conv().depthwise_conv3d_backward(x.reshape(as_3d(x.shape())),
                                                       kernel.reshape(as_3d(kernel.shape())),
                                                       g[0].reshape(as_3d(g[0].shape())), dx5, dk5, w);
      }
      if (bias.defined() && needs[2]) grads[2] = detail::bias_gradient(g[0]);
      return grads;
    });
  }
  return y;
}

Tensor separable_conv(const Tensor& x, const Tensor& depthwise_kernel, const Tensor& pointwise_kernel,
                      const Tensor& bias, const std::vector<int>& strides, Padding padding,
                      const std::vector<int>& dilation_rate) {
  Tensor depthwise = depthwise_conv(x, depthwise_kernel, Tensor(), strides, padding, dilation_rate);
  const int r = depthwise.rank() - 2;
  return conv(depthwise, pointwise_kernel, bias, ones(r), Padding::valid, ones(r), 1);
}

}  // namespace keras::ops
