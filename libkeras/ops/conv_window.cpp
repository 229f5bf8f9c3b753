#include "libkeras/ops/conv_window.h"

#include "libkeras/ops/op_support.h"

namespace keras::ops::detail {

int spatial_rank(const Tensor& x, const char* op) {
  const int r = x.rank() - 2;
  if (r < 1 || r > 3) {
    throw ShapeError(std::string(op) + " expects an input (batch, *spatial, channels) with 1 to 3 spatial axes, " +
                     "received shape " + x.shape().to_string());
  }
  return r;
}

void check_window_arg(const std::vector<int>& values, int rank, const char* arg, const char* op) {
  bool ok = static_cast<int>(values.size()) == rank;
  for (int v : values) ok = ok && v > 0;
  if (!ok) {
    std::string got;
    for (int v : values) {
      if (!got.empty()) got += ", ";
      got += std::to_string(v);
    }
    throw ValueError(std::string(op) + ": `" + arg + "` must hold " + std::to_string(rank) +
                     " positive integers (one per spatial axis), received (" + got + ")");
  }
}

Window3D make_window3d(const Shape& x, const std::vector<int>& kernel, const std::vector<int>& strides, Padding padding,
                       const std::vector<int>& dilation, const char* op) {
  const int r = x.rank() - 2;
  check_window_arg(kernel, r, "kernel_size", op);
  check_window_arg(strides, r, "strides", op);
  check_window_arg(dilation, r, "dilation_rate", op);
  Window3D w;
  const int lead = 3 - r;
  bool fits = true;
  for (int i = 0; i < r; ++i) {
    const auto a = static_cast<std::size_t>(lead + i), u = static_cast<std::size_t>(i);
    const std::int64_t len = x[i + 1];
    const std::int64_t out = conv_output_length(len, kernel[u], padding, strides[u], dilation[u]);
    fits = fits && out > 0;
    w.kernel[a] = kernel[u];
    w.stride[a] = strides[u];
    w.dilation[a] = dilation[u];
    w.out[a] = out;
    if (padding == Padding::same) {
      // TensorFlow's SAME padding: the odd pixel goes after the input.
      const std::int64_t span = static_cast<std::int64_t>(kernel[u] - 1) * dilation[u] + 1;
      w.pad_before[a] = static_cast<int>(std::max<std::int64_t>(0, (out - 1) * strides[u] + span - len) / 2);
    }
  }
  if (!fits) {
    std::string k, outs;
    for (int i = 0; i < r; ++i) {
      if (i) {
        k += ", ";
        outs += " x ";
      }
      k += std::to_string(kernel[static_cast<std::size_t>(i)]);
      outs += std::to_string(w.out[static_cast<std::size_t>(lead + i)]);
    }
    throw ShapeError(std::string(op) + ": the window (" + k + ") does not fit the input of shape " + x.to_string() +
                     " with padding='" + padding_name(padding) + "': the output size would be " + outs);
  }
  return w;
}

Shape as_3d(const Shape& shape) {
  std::vector<std::int64_t> dims = shape.dims();
  dims.insert(dims.begin() + 1, static_cast<std::size_t>(5 - shape.rank()), 1);
  return Shape(dims);
}

Shape window_output_shape(std::int64_t batch, const Window3D& w, int spatial, std::int64_t channels) {
  std::vector<std::int64_t> dims{batch};
  for (int a = 3 - spatial; a < 3; ++a) dims.push_back(w.out[static_cast<std::size_t>(a)]);
  dims.push_back(channels);
  return Shape(dims);
}

Tensor bias_gradient(const Tensor& g) {
  std::vector<int> axes;
  for (int a = 0; a + 1 < g.rank(); ++a) axes.push_back(a);
  return sum(g, axes);
}

}  // namespace keras::ops::detail
