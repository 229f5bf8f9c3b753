// Transpose, slicing, concatenation, padding, flipping and broadcasting: each a strided copy
// (Backend::copy_strided) whose gradient is another strided copy.

#include <algorithm>
#include <numeric>

#include "libkeras/ops/ops.h"
#include "libkeras/ops/op_support.h"

namespace keras::ops {

using detail::backend_of;

namespace {

std::vector<std::int64_t> strides_of(const Shape& s) {
  std::vector<std::int64_t> st(static_cast<std::size_t>(s.rank()), 1);
  for (int k = s.rank() - 2; k >= 0; --k) st[static_cast<std::size_t>(k)] = st[static_cast<std::size_t>(k + 1)] * s[k + 1];
  return st;
}

std::int64_t offset_of(const std::vector<std::int64_t>& begin, const std::vector<std::int64_t>& strides) {
  std::int64_t o = 0;
  for (std::size_t k = 0; k < begin.size(); ++k) o += begin[k] * strides[k];
  return o;
}

// Copies all of `src` into `dst` at `begin` (dst's region of src's shape).
void place(const Tensor& src, Tensor& dst, const std::vector<std::int64_t>& begin) {
  std::vector<std::int64_t> ds = strides_of(dst.shape());
  backend_of(dst).copy_strided(src, 0, strides_of(src.shape()), dst, offset_of(begin, ds), ds, src.shape());
}

// The region of `src` at `begin` with `shape`, as a new contiguous tensor.
Tensor extract(const Tensor& src, const std::vector<std::int64_t>& begin, const Shape& shape) {
  Tensor out(shape, src.dtype(), src.device());
  std::vector<std::int64_t> ss = strides_of(src.shape());
  backend_of(src).copy_strided(src, offset_of(begin, ss), ss, out, 0, strides_of(shape), shape);
  return out;
}

}  // namespace

Tensor transpose(const Tensor& x, std::vector<int> axes) {
  const int r = x.rank();
  if (axes.empty()) {
    for (int k = r - 1; k >= 0; --k) axes.push_back(k);
  }
  if (static_cast<int>(axes.size()) != r) {
    throw ShapeError("transpose: " + std::to_string(axes.size()) + " axes given for a tensor of rank " + std::to_string(r));
  }
  std::vector<int> perm;
  for (int a : axes) perm.push_back(normalize_axis(a, r, "transpose axis"));
  std::vector<int> sorted = perm;
  std::sort(sorted.begin(), sorted.end());
  for (int k = 0; k < r; ++k) {
    if (sorted[static_cast<std::size_t>(k)] != k) throw ShapeError("transpose: axes must be a permutation of 0.." + std::to_string(r - 1));
  }
  std::vector<std::int64_t> xs = strides_of(x.shape()), src(static_cast<std::size_t>(r));
  std::vector<std::int64_t> dims(static_cast<std::size_t>(r));
  for (int k = 0; k < r; ++k) {
    dims[static_cast<std::size_t>(k)] = x.dim(perm[static_cast<std::size_t>(k)]);
    src[static_cast<std::size_t>(k)] = xs[static_cast<std::size_t>(perm[static_cast<std::size_t>(k)])];
  }
  Shape out_shape(dims);
  Tensor out(out_shape, x.dtype(), x.device());
  backend_of(x).copy_strided(x, 0, src, out, 0, strides_of(out_shape), out_shape);
  if (autograd::should_record({x})) {
    autograd::record({x}, out, [perm](const std::vector<Tensor>& g, const std::vector<bool>&) {
      std::vector<int> inverse(perm.size());
      for (std::size_t k = 0; k < perm.size(); ++k) inverse[static_cast<std::size_t>(perm[k])] = static_cast<int>(k);
      return std::vector<Tensor>{transpose(g[0], inverse)};
    });
  }
  return out;
}

Tensor slice(const Tensor& x, const std::vector<std::int64_t>& begin, const std::vector<std::int64_t>& size) {
  const int r = x.rank();
  if (static_cast<int>(begin.size()) != r || static_cast<int>(size.size()) != r) {
    throw ShapeError("slice: begin and size need " + std::to_string(r) + " entries for shape " + x.shape().to_string());
  }
  std::vector<std::int64_t> dims(static_cast<std::size_t>(r));
  for (int k = 0; k < r; ++k) {
    std::int64_t b = begin[static_cast<std::size_t>(k)], n = size[static_cast<std::size_t>(k)];
    if (n == -1) n = x.dim(k) - b;
    if (b < 0 || n < 0 || b + n > x.dim(k)) {
      throw ShapeError("slice: [" + std::to_string(b) + ", " + std::to_string(b + n) + ") is out of range for axis " +
                       std::to_string(k) + " of shape " + x.shape().to_string());
    }
    dims[static_cast<std::size_t>(k)] = n;
  }
  Shape out_shape(dims);
  Tensor out = extract(x, begin, out_shape);
  if (autograd::should_record({x})) {
    Shape in = x.shape();
    autograd::record({x}, out, [in, begin](const std::vector<Tensor>& g, const std::vector<bool>&) {
      Tensor dx = Tensor::zeros(in, float32, g[0].device());
      place(g[0], dx, begin);
      return std::vector<Tensor>{dx};
    });
  }
  return out;
}

Tensor slice_axis(const Tensor& x, int axis, std::int64_t begin, std::int64_t end) {
  int a = normalize_axis(axis, x.rank());
  std::vector<std::int64_t> b(static_cast<std::size_t>(x.rank()), 0), n = x.shape().dims();
  b[static_cast<std::size_t>(a)] = begin;
  n[static_cast<std::size_t>(a)] = end - begin;
  return slice(x, b, n);
}

Tensor concatenate(const std::vector<Tensor>& xs, int axis) {
  if (xs.empty()) throw ValueError("concatenate: no tensors given");
  const int r = xs[0].rank();
  const int a = normalize_axis(axis, r, "concatenate axis");
  std::vector<std::int64_t> dims = xs[0].shape().dims();
  dims[static_cast<std::size_t>(a)] = 0;
  for (const Tensor& t : xs) {
    bool ok = t.rank() == r && t.dtype() == xs[0].dtype();
    for (int k = 0; ok && k < r; ++k) ok = k == a || t.dim(k) == xs[0].dim(k);
    if (!ok) {
      throw ShapeError("concatenate: shapes " + xs[0].shape().to_string() + " and " + t.shape().to_string() +
                       " do not match except along axis " + std::to_string(axis));
    }
    dims[static_cast<std::size_t>(a)] += t.dim(a);
  }
  Tensor out(Shape(dims), xs[0].dtype(), xs[0].device());
  std::vector<std::int64_t> begin(static_cast<std::size_t>(r), 0);
  std::vector<std::int64_t> offsets;
  for (const Tensor& t : xs) {
    offsets.push_back(begin[static_cast<std::size_t>(a)]);
    place(t, out, begin);
    begin[static_cast<std::size_t>(a)] += t.dim(a);
  }
  if (autograd::should_record(xs)) {
    std::vector<Shape> shapes;
    for (const Tensor& t : xs) shapes.push_back(t.shape());
    autograd::record(xs, out, [shapes, offsets, a](const std::vector<Tensor>& g, const std::vector<bool>& needs) {
      std::vector<Tensor> grads(shapes.size());
      for (std::size_t i = 0; i < shapes.size(); ++i) {
        if (!needs[i]) continue;
        std::vector<std::int64_t> b(static_cast<std::size_t>(shapes[i].rank()), 0);
        b[static_cast<std::size_t>(a)] = offsets[i];
        grads[i] = extract(g[0], b, shapes[i]);
      }
      return grads;
    });
  }
  return out;
}

Tensor stack(const std::vector<Tensor>& xs, int axis) {
  if (xs.empty()) throw ValueError("stack: no tensors given");
  int a = normalize_axis(axis, xs[0].rank() + 1, "stack axis");
  std::vector<Tensor> expanded;
  for (const Tensor& t : xs) expanded.push_back(expand_dims(t, a));
  return concatenate(expanded, a);
}

Tensor pad(const Tensor& x, const std::vector<std::pair<std::int64_t, std::int64_t>>& pad_width, float value) {
  const int r = x.rank();
  if (static_cast<int>(pad_width.size()) != r) {
    throw ShapeError("pad: " + std::to_string(pad_width.size()) + " (before, after) pairs for a tensor of rank " +
                     std::to_string(r));
  }
  std::vector<std::int64_t> dims = x.shape().dims(), begin;
  for (int k = 0; k < r; ++k) {
    auto [before, after] = pad_width[static_cast<std::size_t>(k)];
    if (before < 0 || after < 0) throw ValueError("pad: widths must be non-negative");
    dims[static_cast<std::size_t>(k)] += before + after;
    begin.push_back(before);
  }
  Tensor out = Tensor::full(Shape(dims), value, x.dtype(), x.device());
  place(x, out, begin);
  if (autograd::should_record({x})) {
    Shape in = x.shape();
    autograd::record({x}, out, [in, begin](const std::vector<Tensor>& g, const std::vector<bool>&) {
      return std::vector<Tensor>{extract(g[0], begin, in)};
    });
  }
  return out;
}

Tensor flip(const Tensor& x, int axis) {
  const int a = normalize_axis(axis, x.rank(), "flip axis");
  std::vector<std::int64_t> st = strides_of(x.shape()), src = st;
  src[static_cast<std::size_t>(a)] = -st[static_cast<std::size_t>(a)];
  std::int64_t offset = (x.dim(a) - 1) * st[static_cast<std::size_t>(a)];
  Tensor out(x.shape(), x.dtype(), x.device());
  if (x.size() > 0) backend_of(x).copy_strided(x, offset, src, out, 0, st, x.shape());
  if (autograd::should_record({x})) {
    autograd::record({x}, out, [a](const std::vector<Tensor>& g, const std::vector<bool>&) {
      return std::vector<Tensor>{flip(g[0], a)};
    });
  }
  return out;
}

Tensor expand_dims(const Tensor& x, int axis) {
  int a = normalize_axis(axis, x.rank() + 1, "expand_dims axis");
  std::vector<std::int64_t> dims = x.shape().dims();
  dims.insert(dims.begin() + a, 1);
  return reshape(x, Shape(dims));
}

Tensor squeeze(const Tensor& x, int axis) {
  int a = normalize_axis(axis, x.rank(), "squeeze axis");
  if (x.dim(a) != 1) {
    throw ShapeError("squeeze: axis " + std::to_string(axis) + " of shape " + x.shape().to_string() + " is not 1");
  }
  std::vector<std::int64_t> dims = x.shape().dims();
  dims.erase(dims.begin() + a);
  return reshape(x, Shape(dims));
}

Tensor broadcast_to(const Tensor& x_in, const Shape& shape) {
  Tensor x = detail::as_float(x_in);
  if (broadcast_shapes(x.shape(), shape) != shape) {
    throw ShapeError("broadcast_to: cannot broadcast " + x.shape().to_string() + " to " + shape.to_string());
  }
  // Backend::broadcast_to wants equal ranks: prepend size-1 axes.
  std::vector<std::int64_t> dims = x.shape().dims();
  dims.insert(dims.begin(), static_cast<std::size_t>(shape.rank() - x.rank()), 1);
  Tensor out(shape, float32, x.device());
  backend_of(x).broadcast_to(x.reshape(Shape(dims)), out);
  if (autograd::should_record({x})) {
    autograd::record({x}, out, [x](const std::vector<Tensor>& g, const std::vector<bool>&) {
      Tensor dx = detail::empty_like(x);
      backend_of(x).binary_backward(BinaryOp::add, 0, x, g[0], g[0], dx);
      return std::vector<Tensor>{dx};
    });
  }
  return out;
}

Tensor where(const Tensor& cond, const Tensor& a, const Tensor& b) {
  Tensor c = detail::as_float(cond);
  return add(multiply(c, a), multiply(subtract(Tensor::scalar(1.0f, c.device()), c), b));
}

}  // namespace keras::ops
