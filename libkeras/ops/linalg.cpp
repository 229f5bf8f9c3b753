// Matrix products.

#include "libkeras/ops/ops.h"
#include "libkeras/ops/op_support.h"

namespace keras::ops {

using detail::as_float;
using detail::backend_of;

namespace {

// (..., m, k) x (..., k, n) with equal leading dimensions: one batched product.
Tensor batched(const Tensor& a, const Tensor& b, bool ta, bool tb) {
  const int r = a.rank();
  for (int d = 0; d < r - 2; ++d) {
    if (a.dim(d) != b.dim(d)) {
      throw ShapeError("matmul: batch dimensions differ: " + a.shape().to_string() + " and " + b.shape().to_string());
    }
  }
  std::int64_t batch = 1;
  for (int d = 0; d < r - 2; ++d) batch *= a.dim(d);
  Tensor a3 = reshape(a, Shape{batch, a.dim(-2), a.dim(-1)}), b3 = reshape(b, Shape{batch, b.dim(-2), b.dim(-1)});
  std::int64_t m = ta ? a.dim(-1) : a.dim(-2), k = ta ? a.dim(-2) : a.dim(-1);
  std::int64_t kb = tb ? b.dim(-1) : b.dim(-2), n = tb ? b.dim(-2) : b.dim(-1);
  if (k != kb) {
    throw ShapeError("matmul: inner dimensions differ: " + a.shape().to_string() + (ta ? "^T" : "") + " x " +
                     b.shape().to_string() + (tb ? "^T" : ""));
  }
  Tensor c(Shape{batch, m, n}, float32, a.device());
  backend_of(a).batch_matmul(a3, ta, b3, tb, c);
  if (autograd::should_record({a3, b3})) {
    autograd::record({a3, b3}, c, [a3, b3, ta, tb](const std::vector<Tensor>& g, const std::vector<bool>& needs) {
      std::vector<Tensor> grads(2);
      const Tensor& dc = g[0];
      if (needs[0]) {
        Tensor da(a3.shape(), float32, a3.device());
        if (!ta) {
          backend_of(a3).batch_matmul(dc, false, b3, !tb, da);
        } else {
          backend_of(a3).batch_matmul(b3, tb, dc, true, da);
        }
        grads[0] = da;
      }
      if (needs[1]) {
        Tensor db(b3.shape(), float32, b3.device());
        if (!tb) {
          backend_of(b3).batch_matmul(a3, !ta, dc, false, db);
        } else {
          backend_of(b3).batch_matmul(dc, true, a3, ta, db);
        }
        grads[1] = db;
      }
      return grads;
    });
  }
  std::vector<std::int64_t> dims(a.shape().dims().begin(), a.shape().dims().end() - 2);
  dims.push_back(m);
  dims.push_back(n);
  return reshape(c, Shape(dims));
}

}  // namespace

Tensor matmul(const Tensor& a_in, const Tensor& b_in, bool ta, bool tb) {
  detail::check_same_device(a_in, b_in, "matmul");
  Tensor a = as_float(a_in), b = as_float(b_in);
  if (a.rank() < 2 || b.rank() < 2) {
    throw ShapeError("matmul expects tensors of rank 2 or more, received shapes " + a.shape().to_string() + " and " +
                     b.shape().to_string());
  }
  if (a.rank() > 2 && b.rank() == 2 && !ta) {
    // (..., m, k) x (k, n): fold the leading axes into the rows.
    if (a.dim(-1) != (tb ? b.dim(1) : b.dim(0))) {
      throw ShapeError("matmul: inner dimensions differ: " + a.shape().to_string() + " x " + b.shape().to_string() +
                       (tb ? "^T" : ""));
    }
    std::vector<std::int64_t> dims(a.shape().dims().begin(), a.shape().dims().end() - 1);
    Tensor flat = matmul(reshape(a, Shape{-1, a.dim(-1)}), b, false, tb);
    dims.push_back(flat.dim(1));
    return reshape(flat, Shape(dims));
  }
  if (a.rank() > 2 || b.rank() > 2) {
    if (a.rank() != b.rank()) {
      throw ShapeError("matmul: cannot multiply shapes " + a.shape().to_string() + " and " + b.shape().to_string());
    }
    return batched(a, b, ta, tb);
  }
  std::int64_t m = ta ? a.dim(1) : a.dim(0), k = ta ? a.dim(0) : a.dim(1);
  std::int64_t kb = tb ? b.dim(1) : b.dim(0), n = tb ? b.dim(0) : b.dim(1);
  if (k != kb) {
    throw ShapeError("matmul: inner dimensions differ: " + a.shape().to_string() + (ta ? "^T" : "") + " x " +
                     b.shape().to_string() + (tb ? "^T" : ""));
  }
  Tensor c(Shape{m, n}, float32, a.device());
  backend_of(a).matmul(a, ta, b, tb, c, 1.0f, 0.0f);
  if (autograd::should_record({a, b})) {
    autograd::record({a, b}, c, [a, b, ta, tb](const std::vector<Tensor>& g, const std::vector<bool>& needs) {
      std::vector<Tensor> grads(2);
      const Tensor& dc = g[0];
      if (needs[0]) {
        // C = op(A) op(B): dA = dC op(B)^T, or (dC op(B)^T)^T = op(B) dC^T when A is transposed.
        Tensor da(a.shape(), float32, a.device());
        if (!ta) {
          backend_of(a).matmul(dc, false, b, !tb, da, 1.0f, 0.0f);
        } else {
          backend_of(a).matmul(b, tb, dc, true, da, 1.0f, 0.0f);
        }
        grads[0] = da;
      }
      if (needs[1]) {
        Tensor db(b.shape(), float32, b.device());
        if (!tb) {
          backend_of(b).matmul(a, !ta, dc, false, db, 1.0f, 0.0f);
        } else {
          backend_of(b).matmul(dc, true, a, ta, db, 1.0f, 0.0f);
        }
        grads[1] = db;
      }
      return grads;
    });
  }
  return c;
}

}  // namespace keras::ops
