// Softmax, convolution, pooling and dropout (channels_last).

#include <algorithm>
#include <cctype>

#include "libkeras/ops/ops.h"
#include "libkeras/ops/op_support.h"

namespace keras::ops {

using detail::as_float;
using detail::backend_of;

namespace {

Tensor softmax_impl(const Tensor& x_in, int axis_in, bool log) {
  Tensor x = as_float(x_in);
  int axis = normalize_axis(axis_in, x.rank());
  Tensor y = detail::empty_like(x);
  backend_of(x).softmax(x, y, axis, log);
  if (autograd::should_record({x})) {
    autograd::record({x}, y, [y, axis, log](const std::vector<Tensor>& g, const std::vector<bool>&) {
      Tensor dx = detail::empty_like(y);
      backend_of(y).softmax_backward(y, g[0], dx, axis, log);
      return std::vector<Tensor>{dx};
    });
  }
  return y;
}

// Geometry of a 2-D window op over NHWC input `x`.
Window2D make_window(const Shape& x, std::array<int, 2> kernel, std::array<int, 2> strides, Padding padding,
                     std::array<int, 2> dilation, const char* op) {
  for (int i = 0; i < 2; ++i) {
    if (kernel[static_cast<std::size_t>(i)] <= 0 || strides[static_cast<std::size_t>(i)] <= 0 ||
        dilation[static_cast<std::size_t>(i)] <= 0) {
      throw ValueError(std::string(op) + ": window sizes, strides and dilation rates must be positive");
    }
  }
  Window2D w;
  w.kernel_h = kernel[0];
  w.kernel_w = kernel[1];
  w.stride_h = strides[0];
  w.stride_w = strides[1];
  w.dilation_h = dilation[0];
  w.dilation_w = dilation[1];
  std::int64_t oh = conv_output_length(x[1], kernel[0], padding, strides[0], dilation[0]);
  std::int64_t ow = conv_output_length(x[2], kernel[1], padding, strides[1], dilation[1]);
  if (oh <= 0 || ow <= 0) {
    throw ShapeError(std::string(op) + ": the window (" + std::to_string(kernel[0]) + ", " + std::to_string(kernel[1]) +
                     ") does not fit the input of spatial shape (" + std::to_string(x[1]) + ", " + std::to_string(x[2]) +
                     ") with padding='" + padding_name(padding) + "': the output size would be " + std::to_string(oh) +
                     " x " + std::to_string(ow));
  }
  w.out_h = static_cast<int>(oh);
  w.out_w = static_cast<int>(ow);
  if (padding == Padding::same) {
    // TensorFlow's SAME padding: the odd pixel goes to the bottom/right.
    std::int64_t ph = std::max<std::int64_t>(0, (oh - 1) * strides[0] + (kernel[0] - 1) * dilation[0] + 1 - x[1]);
    std::int64_t pw = std::max<std::int64_t>(0, (ow - 1) * strides[1] + (kernel[1] - 1) * dilation[1] + 1 - x[2]);
    w.pad_top = static_cast<int>(ph / 2);
    w.pad_left = static_cast<int>(pw / 2);
  }
  return w;
}

void check_nhwc(const Tensor& x, const char* op) {
  if (x.rank() != 4) {
    throw ShapeError(std::string(op) + " expects a 4-D input (batch, height, width, channels), received shape " +
                     x.shape().to_string());
  }
}

Tensor pool(PoolMode mode, const Tensor& x_in, std::array<int, 2> pool_size, std::array<int, 2> strides,
            Padding padding, const char* op) {
  Tensor x = as_float(x_in);
  check_nhwc(x, op);
  Window2D w = make_window(x.shape(), pool_size, strides, padding, {1, 1}, op);
  Tensor y(Shape{x.dim(0), w.out_h, w.out_w, x.dim(3)}, float32, x.device());
  Tensor arg = mode == PoolMode::max ? Tensor(y.shape(), int32, x.device()) : Tensor();
  backend_of(x).pool2d(mode, x, y, arg, w);
  if (autograd::should_record({x})) {
    Shape in = x.shape();
    Device dev = x.device();
    autograd::record({x}, y, [mode, arg, w, in, dev](const std::vector<Tensor>& g, const std::vector<bool>&) {
      Tensor dx(in, float32, dev);
      backend_for(dev).pool2d_backward(mode, g[0], arg, dx, w);
      return std::vector<Tensor>{dx};
    });
  }
  return y;
}

}  // namespace

Tensor softmax(const Tensor& x, int axis) { return softmax_impl(x, axis, false); }
Tensor log_softmax(const Tensor& x, int axis) { return softmax_impl(x, axis, true); }

Padding parse_padding(const std::string& padding, const std::string& field) {
  std::string p = padding;
  std::transform(p.begin(), p.end(), p.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (p == "valid") return Padding::valid;
  if (p == "same") return Padding::same;
  throw ValueError("Invalid " + field + " '" + padding + "'. Expected one of: 'valid', 'same'");
}

std::string padding_name(Padding padding) { return padding == Padding::valid ? "valid" : "same"; }

std::int64_t conv_output_length(std::int64_t length, int kernel, Padding padding, int stride, int dilation) {
  std::int64_t dilated = kernel + static_cast<std::int64_t>(kernel - 1) * (dilation - 1);
  std::int64_t out = padding == Padding::valid ? length - dilated + 1 : length;
  if (out <= 0) return out;
  return (out + stride - 1) / stride;
}

Tensor conv2d(const Tensor& x_in, const Tensor& kernel_in, const Tensor& bias_in, std::array<int, 2> strides,
              Padding padding, std::array<int, 2> dilation) {
  detail::check_same_device(x_in, kernel_in, "conv2d");
  Tensor x = as_float(x_in), kernel = as_float(kernel_in);
  Tensor bias = bias_in.defined() ? as_float(bias_in) : Tensor();
  check_nhwc(x, "conv2d");
  if (kernel.rank() != 4 || kernel.dim(2) != x.dim(3)) {
    // Name both shapes, not only the channel count, so the message alone locates the mismatch.
    throw ShapeError("conv2d: kernel of shape " + kernel.shape().to_string() + " does not fit an input of shape " +
                     x.shape().to_string() + " with " + std::to_string(x.dim(3)) + " channels (expected (kh, kw, " +
                     std::to_string(x.dim(3)) + ", filters))");
  }
  if (bias.defined() && (bias.rank() != 1 || bias.dim(0) != kernel.dim(3))) {
    throw ShapeError("conv2d: bias of shape " + bias.shape().to_string() + " does not match " +
                     std::to_string(kernel.dim(3)) + " filters");
  }
  Window2D w = make_window(x.shape(), {static_cast<int>(kernel.dim(0)), static_cast<int>(kernel.dim(1))}, strides,
                           padding, dilation, "conv2d");
  Tensor y(Shape{x.dim(0), w.out_h, w.out_w, kernel.dim(3)}, float32, x.device());
  backend_of(x).conv2d(x, kernel, bias, y, w);
  std::vector<Tensor> inputs{x, kernel};
  if (bias.defined()) inputs.push_back(bias);
  if (autograd::should_record(inputs)) {
    autograd::record(inputs, y, [x, kernel, bias, w](const std::vector<Tensor>& g, const std::vector<bool>& needs) {
      Tensor dx = needs[0] ? detail::empty_like(x) : Tensor();
      Tensor dk = needs[1] ? detail::empty_like(kernel) : Tensor();
      Tensor db = needs.size() > 2 && needs[2] ? detail::empty_like(bias) : Tensor();
      backend_of(x).conv2d_backward(x, kernel, g[0], dx, dk, db, w);
      std::vector<Tensor> grads{dx, dk};
      if (bias.defined()) grads.push_back(db);
      return grads;
    });
  }
  return y;
}

Tensor max_pool2d(const Tensor& x, std::array<int, 2> pool_size, std::array<int, 2> strides, Padding padding) {
  return pool(PoolMode::max, x, pool_size, strides, padding, "max_pool2d");
}

Tensor average_pool2d(const Tensor& x, std::array<int, 2> pool_size, std::array<int, 2> strides, Padding padding) {
  return pool(PoolMode::average, x, pool_size, strides, padding, "average_pool2d");
}

Tensor dropout(const Tensor& x_in, float rate, std::uint64_t seed) {
  if (!(rate >= 0.0f && rate < 1.0f)) {
    throw ValueError("dropout: rate must be in [0, 1), received rate=" + std::to_string(rate));
  }
  Tensor x = as_float(x_in);
  if (rate == 0.0f) return x;
  Tensor mask = detail::empty_like(x);
  backend_of(x).dropout_mask(mask, rate, seed);
  Tensor y = detail::empty_like(x);
  backend_of(x).binary(BinaryOp::mul, x, mask, y);
  if (autograd::should_record({x})) {
    autograd::record({x}, y, [mask](const std::vector<Tensor>& g, const std::vector<bool>&) {
      Tensor dx = detail::empty_like(mask);
      backend_of(mask).binary(BinaryOp::mul, g[0], mask, dx);
      return std::vector<Tensor>{dx};
    });
  }
  return y;
}

}  // namespace keras::ops
