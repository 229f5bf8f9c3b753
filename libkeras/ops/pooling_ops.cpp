// Pooling over 1 to 3 spatial axes, repetition along an axis and bilinear resizing.
// 1-D and 2-D pooling run on ops::max_pool2d / average_pool2d (1-D as height 1); 3-D pooling on
// ConvKernels::pool3d.

#include "libkeras/ops/conv_ops.h"
#include "libkeras/ops/conv_window.h"
#include "libkeras/ops/op_support.h"

namespace keras::ops {

using detail::backend_of;

namespace {

Tensor pool(PoolMode mode, const Tensor& x_in, const std::vector<int>& pool_size, const std::vector<int>& strides,
            Padding padding, const char* op) {
  Tensor x = detail::as_float(x_in);
  const int r = detail::spatial_rank(x, op);
  detail::check_window_arg(pool_size, r, "pool_size", op);
  detail::check_window_arg(strides, r, "strides", op);
  auto pool2d = mode == PoolMode::max ? &max_pool2d : &average_pool2d;
  if (r == 2) return pool2d(x, {pool_size[0], pool_size[1]}, {strides[0], strides[1]}, padding);
  if (r == 1) {
    Tensor y = pool2d(reshape(x, Shape{x.dim(0), 1, x.dim(1), x.dim(2)}), {1, pool_size[0]}, {1, strides[0]}, padding);
    return reshape(y, Shape{x.dim(0), y.dim(2), y.dim(3)});
  }
  Window3D w = detail::make_window3d(x.shape(), pool_size, strides, padding, {1, 1, 1}, op);
  Tensor y(detail::window_output_shape(x.dim(0), w, 3, x.dim(4)), float32, x.device());
  Tensor arg = mode == PoolMode::max ? Tensor(y.shape(), int32, x.device()) : Tensor();
  backend_of(x).conv().pool3d(mode, x, y, arg, w);
  if (autograd::should_record({x})) {
    Shape in = x.shape();
    Device dev = x.device();
    autograd::record({x}, y, [mode, arg, w, in, dev](const std::vector<Tensor>& g, const std::vector<bool>&) {
      Tensor dx(in, float32, dev);
      backend_for(dev).conv().pool3d_backward(mode, g[0], arg, dx, w);
      return std::vector<Tensor>{dx};
    });
  }
  return y;
}

}  // namespace

Tensor max_pool(const Tensor& x, const std::vector<int>& pool_size, const std::vector<int>& strides, Padding padding) {
  return pool(PoolMode::max, x, pool_size, strides, padding, "max_pool");
}

Tensor average_pool(const Tensor& x, const std::vector<int>& pool_size, const std::vector<int>& strides,
                    Padding padding) {
  return pool(PoolMode::average, x, pool_size, strides, padding, "average_pool");
}

Tensor repeat(const Tensor& x, std::int64_t repeats, int axis) {
  const int a = normalize_axis(axis, x.rank(), "repeat axis");
  if (repeats < 1)
    throw ValueError("repeat: `repeats` must be a positive integer, received " + std::to_string(repeats));
  // (..., n, ...) -> (..., n, 1, ...) -> broadcast (..., n, repeats, ...) -> (..., n * repeats, ...).
  std::vector<std::int64_t> dims = x.shape().dims();
  dims.insert(dims.begin() + a + 1, 1);
  Tensor expanded = reshape(x, Shape(dims));
  dims[static_cast<std::size_t>(a) + 1] = repeats;
  Tensor repeated = broadcast_to(expanded, Shape(dims));
  std::vector<std::int64_t> out = x.shape().dims();
  out[static_cast<std::size_t>(a)] *= repeats;
  return reshape(repeated, Shape(out));
}

Tensor resize_bilinear(const Tensor& images_in, std::int64_t height, std::int64_t width) {
  Tensor x = detail::as_float(images_in);
  if (x.rank() != 4) {
    throw ShapeError("resize_bilinear expects images (batch, height, width, channels), received shape " +
                     x.shape().to_string());
  }
  if (height <= 0 || width <= 0) {
    throw ValueError("resize_bilinear: the output size must be positive, received (" + std::to_string(height) + ", " +
                     std::to_string(width) + ")");
  }
  Tensor y(Shape{x.dim(0), height, width, x.dim(3)}, float32, x.device());
  backend_of(x).conv().resize_bilinear(x, y);
  if (autograd::should_record({x})) {
    Shape in = x.shape();
    Device dev = x.device();
    autograd::record({x}, y, [in, dev](const std::vector<Tensor>& g, const std::vector<bool>&) {
      Tensor dx(in, float32, dev);
      backend_for(dev).conv().resize_bilinear_backward(g[0], dx);
      return std::vector<Tensor>{dx};
    });
  }
  return y;
}

}  // namespace keras::ops
