// Sum, mean, max and argmax over axes.

#include <algorithm>

#include "libkeras/ops/ops.h"
#include "libkeras/ops/op_support.h"

namespace keras::ops {

using detail::as_float;
using detail::backend_of;

std::vector<int> detail::normalize_axes(const std::vector<int>& axes, int rank) {
  std::vector<int> out;
  if (axes.empty()) {
    for (int i = 0; i < rank; ++i) out.push_back(i);
    return out;
  }
  for (int a : axes) out.push_back(normalize_axis(a, rank));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

namespace {

Shape reduced_shape(const Shape& s, const std::vector<int>& axes, bool keepdims) {
  std::vector<std::int64_t> dims;
  for (int d = 0; d < s.rank(); ++d) {
    bool reduced = std::find(axes.begin(), axes.end(), d) != axes.end();
    if (!reduced) {
      dims.push_back(s[d]);
    } else if (keepdims) {
      dims.push_back(1);
    }
  }
  return Shape(dims);
}

Shape keepdims_shape(const Shape& s, const std::vector<int>& axes) { return reduced_shape(s, axes, true); }

// Sum (scale == 1) or mean (scale == 1/count), differentiable.
Tensor sum_scaled(const Tensor& x_in, const std::vector<int>& axes_in, bool keepdims, bool mean) {
  Tensor x = as_float(x_in);
  std::vector<int> axes = detail::normalize_axes(axes_in, x.rank());
  Shape kept = keepdims_shape(x.shape(), axes);
  Tensor out(kept, float32, x.device());
  backend_of(x).reduce(ReduceOp::sum, x, axes, out);
  float scale = 1.0f;
  if (mean) {
    std::int64_t count = x.size() / std::max<std::int64_t>(1, kept.size());
    scale = count ? 1.0f / static_cast<float>(count) : 0.0f;
    Tensor scaled(kept, float32, x.device());
    backend_of(x).binary(BinaryOp::mul, out, Tensor::scalar(scale, x.device()), scaled);
    out = scaled;
  }
  Tensor result = out.reshape(reduced_shape(x.shape(), axes, keepdims));
  if (autograd::should_record({x})) {
    autograd::record({x}, result, [x, kept, scale](const std::vector<Tensor>& g, const std::vector<bool>&) {
      Tensor dx = detail::empty_like(x);
      Tensor gk = g[0].reshape(kept);
      if (scale != 1.0f) gk = gk * scale;
      backend_of(x).broadcast_to(gk, dx);
      return std::vector<Tensor>{dx};
    });
  }
  return result;
}

}  // namespace

Tensor sum(const Tensor& x, std::vector<int> axes, bool keepdims) { return sum_scaled(x, axes, keepdims, false); }
Tensor mean(const Tensor& x, std::vector<int> axes, bool keepdims) { return sum_scaled(x, axes, keepdims, true); }

Tensor max(const Tensor& x_in, std::vector<int> axes_in, bool keepdims) {
  Tensor x = as_float(x_in);
  std::vector<int> axes = detail::normalize_axes(axes_in, x.rank());
  Shape kept = keepdims_shape(x.shape(), axes);
  Tensor out(kept, float32, x.device());
  backend_of(x).reduce(ReduceOp::max, x, axes, out);
  Tensor result = out.reshape(reduced_shape(x.shape(), axes, keepdims));
  if (autograd::should_record({x})) {
    autograd::record({x}, result, [x, out, kept, axes](const std::vector<Tensor>& g, const std::vector<bool>&) {
      // Elements equal to the maximum share its gradient equally (tf.reduce_max's and
      // jax.numpy.max's rule), so tied maxima do not multiply the gradient.
      Tensor mask = detail::empty_like(x);
      backend_of(x).binary(BinaryOp::equal, x, out, mask);
      Tensor ties(kept, float32, x.device());
      backend_of(x).reduce(ReduceOp::sum, mask, axes, ties);
      Tensor share(kept, float32, x.device());
      backend_of(x).binary(BinaryOp::div, g[0].reshape(kept), ties, share);
      Tensor gk = detail::empty_like(x);
      backend_of(x).broadcast_to(share, gk);
      Tensor dx = detail::empty_like(x);
      backend_of(x).binary(BinaryOp::mul, gk, mask, dx);
      return std::vector<Tensor>{dx};
    });
  }
  return result;
}

Tensor argmax(const Tensor& x_in, int axis) {
  Tensor x = as_float(x_in);
  int a = normalize_axis(axis, x.rank());
  Tensor out(reduced_shape(x.shape(), {a}, false), int64, x.device());
  backend_of(x).argmax(x, a, out);
  return out;
}

}  // namespace keras::ops
