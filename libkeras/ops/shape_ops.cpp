// Reshape, gather, casts and one-hot encoding.

#include <algorithm>

#include "libkeras/ops/ops.h"
#include "libkeras/ops/op_support.h"

namespace keras::ops {

using detail::backend_of;

Tensor reshape(const Tensor& x, const Shape& shape) {
  Tensor y = x.reshape(shape);
  if (autograd::should_record({x})) {
    Shape in = x.shape();
    autograd::record({x}, y, [in](const std::vector<Tensor>& g, const std::vector<bool>&) {
      return std::vector<Tensor>{g[0].reshape(in)};
    });
  }
  return y;
}

Tensor take(const Tensor& x, const Tensor& indices) {
  detail::check_same_device(x, indices, "take");
  if (x.rank() == 0) throw ShapeError("take: cannot index a scalar tensor");
  Tensor idx = indices.dtype() == int64 ? indices : indices.astype(int64);
  std::vector<std::int64_t> dims = idx.shape().dims();
  for (int d = 1; d < x.rank(); ++d) dims.push_back(x.dim(d));
  Tensor out(Shape(dims), x.dtype(), x.device());
  backend_of(x).take_rows(x, idx, out);
  if (x.dtype() == float32 && autograd::should_record({x})) {
    Shape in = x.shape();
    autograd::record({x}, out, [in, idx](const std::vector<Tensor>& g, const std::vector<bool>&) {
      Tensor dx = Tensor::zeros(in, float32, g[0].device());
      Tensor rows = g[0].reshape(Shape{idx.size(), in.size() / std::max<std::int64_t>(1, in[0])});
      backend_of(dx).scatter_add_rows(rows, idx.reshape(Shape{idx.size()}), dx);
      return std::vector<Tensor>{dx};
    });
  }
  return out;
}

Tensor cast(const Tensor& x, DType dtype) { return x.dtype() == dtype ? x : x.astype(dtype); }

Tensor one_hot(const Tensor& labels, std::int64_t depth) {
  if (depth <= 0) throw ValueError("one_hot: depth must be positive, received " + std::to_string(depth));
  std::vector<std::int64_t> dims = labels.shape().dims();
  dims.push_back(depth);
  Tensor out(Shape(dims), float32, labels.device());
  backend_of(labels).one_hot(labels, out);
  return out;
}

}  // namespace keras::ops
